import Foundation
import Slipstream
import Testing

@Suite struct FilePipelineTests {
    /// A fresh path in the temporary directory, removed by the caller.
    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("slipstream-\(UUID().uuidString)-\(name)").path
    }

    @Test func jsonLinesInBadLinesToDeadLettersJSONLinesOut() throws {
        let input = temporaryPath("in.jsonl")
        let output = temporaryPath("out.jsonl")
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: output)
        }
        let payments = makePayments(1_000)
        var lines = payments.map(\.json)
        lines.insert(#"{"id":"broken","card":"c","amount":1"#, at: 10)  // line 11
        lines.insert("", at: 500)  // a blank line (501) is skipped, not a dead letter
        lines.insert(#"{"id":"y","card":"c","amount":true,"time":1}"#, at: 700)  // line 701
        // Windows line endings and no newline at the very end are fine.
        try (lines.joined(separator: "\r\n")).write(toFile: input, atomically: true, encoding: .utf8)

        let deadLetters = DeadLetterCollector()
        let pipeline = Pipeline("files") { p in
            p.read(.jsonLines(input, as: Payment.self, deadLetters: .collect(into: deadLetters)))
                .map { Charge(id: $0.id, card: $0.card, cents: Int64(($0.amount * 100).rounded())) }
                .write(.file(output))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2))
        try job.waitForCompletion()

        let written = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        let decoder = JSONEventDecoder()
        let charges = try written.map { try decoder.decode(Charge.self, from: Array($0.utf8)) }
        #expect(charges.map(\.id) == payments.map(\.id))
        #expect(deadLetters.deadLetters.map(\.offset) == [11, 701])
        #expect(deadLetters.deadLetters.allSatisfy { $0.origin == input && $0.partition == nil })
        #expect(deadLetters.deadLetters.first?.reason.contains("invalid JSON") == true)
        #expect(job.metrics[vertex: "file"]?.counters["deadLetters"] == 2)
    }

    @Test func aMissingInputFileFailsTheJobWithItsPath() throws {
        let path = temporaryPath("absent.jsonl")
        let pipeline = Pipeline("missing-file") { p in
            p.read(.jsonLines(path, as: Payment.self)).write(.forEach { _ in })
        }
        let error = try #require(throws: EngineError.self) { try pipeline.run(PipelineConfiguration(cooperativeThreads: 1)) }
        #expect("\(error)".contains(path))
    }

    @Test func jsonObjectWriterEscapesAndFormats() throws {
        var bytes: [UInt8] = []
        JSONObjectWriter.write(into: &bytes) { object in
            object.field("text", "a \"quoted\"\\ line\nwith\u{01}control")
            object.field("count", -1_234_567_890_123)
            object.field("zero", 0)
            object.field("ratio", 0.25)
            object.field("infinite", Double.infinity)
            object.field("flag", false)
            object.nullField("nothing")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text
                == #"{"text":"a \"quoted\"\\ line\nwith\u0001control","count":-1234567890123,"zero":0,"ratio":0.25,"infinite":null,"flag":false,"nothing":null}"#
        )
        // And it reads back.
        struct Back: Decodable { var text: String; var count: Int64; var ratio: Double }
        let back = try JSONEventDecoder().decode(Back.self, from: bytes)
        #expect(back.text == "a \"quoted\"\\ line\nwith\u{01}control")
        #expect(back.count == -1_234_567_890_123)
    }
}
