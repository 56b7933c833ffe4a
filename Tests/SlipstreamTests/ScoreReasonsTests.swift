import Slipstream
import Testing

/// The reason codes a score carries: inline up to three, in an overflow array after that, always in order.
@Suite struct ScoreReasonsTests {
    static func reasons(_ count: Int) -> [ScoreReason] {
        (0..<count).map { ScoreReason(feature: "f\($0)", value: $0.isMultiple(of: 2) ? "v\($0)" : nil, contribution: Double(count - $0)) }
    }

    @Test(arguments: [0, 1, 2, 3, 4, 7])
    func holdsTheReasonsInOrder(count: Int) {
        let expected = Self.reasons(count)
        var appended = ScoreReasons()
        for reason in expected { appended.append(reason) }
        #expect(Array(appended) == expected)
        #expect(appended.count == count)
        #expect(appended.isEmpty == (count == 0))
        #expect(ScoreReasons(expected) == appended)
        #expect(appended.map(\.feature) == expected.map(\.feature))
        if count > 0 { #expect(appended[count - 1] == expected[count - 1]) }
    }

    @Test func equalityAndHashingFollowTheElements() {
        let three = ScoreReasons(Self.reasons(3))
        let four = ScoreReasons(Self.reasons(4))
        #expect(three != four)
        #expect(ScoreReasons(Self.reasons(4).prefix(3)) != three)  // same features, other contributions
        var set: Set<ScoreReasons> = [three, four]
        set.insert(ScoreReasons(Self.reasons(3)))
        #expect(set.count == 2)
        let literal: ScoreReasons = [ScoreReason(feature: "amount", contribution: 1)]
        #expect(literal.first?.feature == "amount" && literal.count == 1)
        #expect(ScoreReasons() == [])
    }
}
