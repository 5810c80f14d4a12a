import Foundation
import Testing

@testable import Evaluation

/// Naive oracle: sort every candidate by score (ties: negatives first when pessimistic,
/// positives first when optimistic) and take the first positive's 1-based position.
private func oracleRank(scores: [Double], positives: Set<Int>, rule: TieRule) -> Int {
    let order = scores.indices.sorted { a, b in
        if scores[a] != scores[b] { return scores[a] > scores[b] }
        let pa = positives.contains(a)
        let pb = positives.contains(b)
        if pa != pb { return rule == .pessimistic ? !pa : pa }
        return a < b
    }
    return order.firstIndex(where: positives.contains)! + 1
}

private func naiveScores(_ q: EmbeddingMatrix, _ g: EmbeddingMatrix) -> [[Double]] {
    (0 ..< q.rows).map { i in (0 ..< g.rows).map { j in q.dot(i, g, j) } }
}

/// Oracle R@K: is any positive among the first K of the oracle's sorted list.
private func oracleHit(scores: [Double], positives: Set<Int>, rule: TieRule, k: Int) -> Bool {
    oracleRank(scores: scores, positives: positives, rule: rule) <= k
}

@Suite("Retrieval metrics")
struct RetrievalMetricsTests {
    @Test(
        "chunked ranks equal the sort oracle on tied scores, several captions per image",
        arguments: [TieRule.pessimistic, .optimistic], [1, 7, 1 << 24])
    func ranksMatchOracle(rule: TieRule, chunk: Int) {
        var random = TestRandom(seed: 11)
        let imageCount = 17
        var owners: [Int] = []
        for i in 0 ..< imageCount { owners += Array(repeating: i, count: 1 + random.int(6)) }
        // Entries in {-1, 0, 1} on 3 dimensions: dot products are small integers, many ties.
        let images = random.matrix(rows: imageCount, columns: 3, choices: [-1, 0, 1])
        let captions = random.matrix(rows: owners.count, columns: 3, choices: [-1, 0, 1])
        let (i2t, t2i) = RetrievalMetrics.ranks(
            images: images, captions: captions, imageOfCaption: owners, tieRule: rule,
            maxChunkValues: chunk * max(owners.count, imageCount))
        let s = naiveScores(images, captions)
        var ties = 0
        for i in 0 ..< imageCount {
            let positives = Set(owners.indices.filter { owners[$0] == i })
            #expect(i2t[i] == oracleRank(scores: s[i], positives: positives, rule: rule))
            ties += Set(s[i]).count < s[i].count ? 1 : 0
        }
        for c in owners.indices {
            let column = (0 ..< imageCount).map { s[$0][c] }
            #expect(t2i[c] == oracleRank(scores: column, positives: [owners[c]], rule: rule))
        }
        #expect(ties > 0, "the test data must contain ties")
    }

    @Test("R@K, median and mean rank from case records match the naive definitions")
    func recallFromRecords() {
        var random = TestRandom(seed: 5)
        let owners = (0 ..< 30).map { $0 / 3 } + [10, 11, 11]
        let images = random.matrix(rows: 12, columns: 2, choices: [-1, -0.5, 0, 0.5, 1])
        let captions = random.matrix(rows: owners.count, columns: 2, choices: [-1, 0, 1])
        let (i2t, t2i) = RetrievalMetrics.ranks(
            images: images, captions: captions, imageOfCaption: owners)
        let records =
            i2t.enumerated().map {
                CaseRecord(id: "i\($0.offset)", group: "i2t", values: ["rank": Double($0.element)])
            }
            + t2i.enumerated().map {
                CaseRecord(id: "c\($0.offset)", group: "t2i", values: ["rank": Double($0.element)])
            }
        let result = EvalResult(
            suite: "retrieval", model: "m", evaluated: 12, skips: SkipLedger(),
            specs: RetrievalMetrics.specs(), cases: records)
        let s = naiveScores(images, captions)
        for k in [1, 5, 10] {
            let hitsI2T = (0 ..< 12).filter { i in
                oracleHit(
                    scores: s[i], positives: Set(owners.indices.filter { owners[$0] == i }),
                    rule: .pessimistic, k: k)
            }.count
            let hitsT2I = owners.indices.filter { c in
                oracleHit(
                    scores: (0 ..< 12).map { s[$0][c] }, positives: [owners[c]],
                    rule: .pessimistic, k: k)
            }.count
            #expect(result.metrics["i2t_r\(k)"] == Double(hitsI2T) / 12)
            #expect(result.metrics["t2i_r\(k)"] == Double(hitsT2I) / Double(owners.count))
        }
        let sorted = t2i.sorted().map(Double.init)
        let n = sorted.count
        let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        #expect(result.metrics["t2i_median_rank"] == median.rounded(.down))
        #expect(result.metrics["t2i_mean_rank"] == sorted.reduce(0, +) / Double(n))
        let recalls = ["i2t", "t2i"].flatMap { d in
            [1, 5, 10].map { result.metrics["\(d)_r\($0)"]! }
        }
        #expect(abs(result.metrics["rsum"]! - 100 * recalls.reduce(0, +)) < 1e-9)
    }

    @Test("R@K and ranks match CLIP_benchmark / open_clip on continuous scores")
    func matchesReferenceFixture() throws {
        let fixture = try loadFixture("retrieval.json")
        let dim = try #require(fixture["dim"] as? Int)
        let owners = try #require(fixture["owners"] as? [Int])
        let images = EmbeddingMatrix(
            rows: (owners.max() ?? 0) + 1, columns: dim, values: try floats(fixture["images"]))
        let captions = EmbeddingMatrix(
            rows: owners.count, columns: dim, values: try floats(fixture["captions"]))
        let (i2t, t2i) = RetrievalMetrics.ranks(
            images: images, captions: captions, imageOfCaption: owners)
        let records =
            i2t.map {
                CaseRecord(
                    id: UUID().uuidString, group: "i2t",
                    values: ["rank": Double($0)])
            }
            + t2i.map {
                CaseRecord(
                    id: UUID().uuidString, group: "t2i",
                    values: ["rank": Double($0)])
            }
        let result = EvalResult(
            suite: "retrieval", model: "m", evaluated: i2t.count, skips: SkipLedger(),
            specs: RetrievalMetrics.specs(), cases: records)
        for name in [
            "i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10",
            "i2t_mean_rank", "i2t_median_rank", "t2i_mean_rank", "t2i_median_rank",
        ] {
            let expected = try #require(fixture[name] as? Double)
            let actual = try #require(result.metrics[name])
            #expect(abs(actual - expected) < 1e-6, "\(name): \(actual) vs \(expected)")
        }
    }

    @Test("a constant scorer gets R@1 = 0 under the pessimistic rule, 1 under the optimistic")
    func constantScorer() {
        let zeros = EmbeddingMatrix(rows: 4, columns: 3, values: Array(repeating: 0, count: 12))
        let caps = EmbeddingMatrix(rows: 8, columns: 3, values: Array(repeating: 0, count: 24))
        let owners = [0, 0, 1, 1, 2, 2, 3, 3]
        let pessimistic = RetrievalMetrics.ranks(
            images: zeros, captions: caps, imageOfCaption: owners)
        #expect(pessimistic.imageToText == [7, 7, 7, 7])
        #expect(pessimistic.textToImage == Array(repeating: 4, count: 8))
        let optimistic = RetrievalMetrics.ranks(
            images: zeros, captions: caps, imageOfCaption: owners, tieRule: .optimistic)
        #expect(optimistic.imageToText.allSatisfy { $0 == 1 })
    }
}
