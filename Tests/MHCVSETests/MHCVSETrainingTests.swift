import Foundation
import MHCVSE
import TestSupport
import Testing
import Training

/// MH-CVSE end to end on the tiny world: learning, schedules, dynamic weights in a real step.
@Suite("MH-CVSE training on the synthetic world", .serialized)
struct MHCVSETrainingTests {
    @Test("a short run raises held-out R@1 far above chance")
    func learns() throws {
        guard var c = TinyWorld.config(out: "learn", steps: 80) else { return }
        c.schedule.name = "constant"
        let trainer = try MHCVSETrainer(config: c)
        let before = trainer.evaluate()
        try trainer.run()
        let after = trainer.evaluate()
        let chance = 100.0 / 40
        print("MH-CVSE tiny world: i2t R@1 \(before["i2t_r1"]!) → \(after["i2t_r1"]!), t2i \(before["t2i_r1"]!) → \(after["t2i_r1"]!), rsum \(before["rsum"]!) → \(after["rsum"]!) (chance R@1 \(chance))")
        #expect(after["i2t_r1"]! >= 3 * chance && after["t2i_r1"]! >= 3 * chance)
        #expect(after["rsum"]! > before["rsum"]! + 30)
    }
}
