import SlipstreamLearn
import SlipstreamTestKit
import Testing

/// Every learner, with every optimizer, passes the TestKit conformance suite.
@Suite struct LearnerConformanceTests {
    static let optimizers: [Optimizer] = [
        .sgd(SGD(learningRate: 0.05)),
        .sgd(SGD(learningRate: 0.1, schedule: .inverseScaling(powerT: 0.5))),
        .adaGrad(AdaGrad()),
        .ftrl(FTRLProximal()),
        .adaptive(AdaptiveNormalized(learningRate: 0.5, powerT: 0.25)),
        .adaptive(AdaptiveNormalized(learningRate: 0.5, powerT: 0.5, invariant: false)),
    ]

    @Test(arguments: ModelKind.allCases, optimizers)
    func conforms(model: ModelKind, optimizer: Optimizer) {
        let c = LearnerConfiguration(model: model, optimizer: optimizer, hashBits: 18, denseSlots: 4)
        let problems = LearnerConformance.check(c, events: 400)
        #expect(problems.isEmpty, "\(model) / \(optimizer.kind): \(problems)")
    }

    @Test func conformsWithPenaltiesAndWithoutIntercept() {
        let c = LearnerConfiguration(model: .logistic, optimizer: .ftrl(FTRLProximal()),
                                     regularization: Regularization(l1: 0.5, l2: 0.1), fitIntercept: false,
                                     hashBits: 18, denseSlots: 4)
        #expect(LearnerConformance.check(c, events: 400).isEmpty)
    }
}
