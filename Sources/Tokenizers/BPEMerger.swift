// Port of `SimpleTokenizer.bpe` (openai/CLIP `clip/simple_tokenizer.py`), on symbol ids.

extension BPEVocabulary {
    /// Token ids of one pre-token given as UTF-8 bytes.
    ///
    /// The bytes become byte-level symbols with `</w>` on the last one; then the adjacent
    /// pair with the lowest merge rank is merged everywhere (left to right, non-overlapping)
    /// until no adjacent pair has a rank. There is deliberately no whole-word lookup: the
    /// reference splits about a thousand whole-word vocabulary entries into several tokens.
    /// - Complexity: O(n²) in the number of bytes n.
    func bytePairEncode<C: Collection>(_ bytes: C) -> [Int32] where C.Element == UInt8 {
        precondition(!bytes.isEmpty, "BPE needs at least one byte")
        var word = bytes.dropLast().map { byteIDs[Int($0)] }
        word.append(byteEndIDs[Int(bytes[bytes.index(bytes.endIndex, offsetBy: -1)])])
        while word.count > 1 {
            var best: Merge?
            var bestPair = (Int32(0), Int32(0))
            for index in 0 ..< word.count - 1 {
                if let merge = merges[Self.key(word[index], word[index + 1])],
                    merge.rank < best?.rank ?? .max
                {
                    best = merge
                    bestPair = (word[index], word[index + 1])
                }
            }
            guard let merge = best else { break }
            var merged = [Int32]()
            merged.reserveCapacity(word.count - 1)
            var index = 0
            while index < word.count {
                if index < word.count - 1 && word[index] == bestPair.0
                    && word[index + 1] == bestPair.1
                {
                    merged.append(merge.result)
                    index += 2
                } else {
                    merged.append(word[index])
                    index += 1
                }
            }
            word = merged
        }
        return word
    }
}
