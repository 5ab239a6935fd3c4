import NIOConcurrencyHelpers

/// The problem type a request was answered with, if any, for the metrics
/// middleware, which sees only the finished response. `Problem.response`
/// writes it; a context holds one per request.
final class AnsweredProblem: Sendable {
    private let slug = NIOLockedValueBox<String?>(nil)

    func record(_ type: String) {
        slug.withLockedValue { $0 = type }
    }

    var type: String? { slug.withLockedValue { $0 } }
}

/// A request context that keeps the answered problem's type.
protocol ProblemRecordingContext {
    var answeredProblem: AnsweredProblem { get }
}
