import Testing
import VolunteerCore

@Suite struct ApplicationStatusTests {
    typealias S = ApplicationStatus

    /// The rules written out once more, by hand, for every pair.
    static func expected(from: S, to: S, heldFrom: S?) -> Bool {
        let pipeline: [S] = [.submitted, .screening, .interview, .offered, .accepted]
        switch from {
        case .accepted, .rejected, .withdrawn:
            return false
        case .onHold:
            return to == heldFrom || to == .rejected || to == .withdrawn
        case .submitted, .screening, .interview, .offered:
            if to == .rejected || to == .withdrawn || to == .onHold { return true }
            guard let target = pipeline.firstIndex(of: to) else { return false }
            return target > pipeline.firstIndex(of: from)!
        }
    }

    @Test(arguments: S.allCases, S.allCases)
    func everyPairFollowsTheRules(from: S, to: S) {
        let heldFromChoices: [S?] = from == .onHold ? [.submitted, .screening, .interview, .offered] : [nil]
        for heldFrom in heldFromChoices {
            #expect(
                from.canMove(to: to, heldFrom: heldFrom) == Self.expected(from: from, to: to, heldFrom: heldFrom),
                "\(from) → \(to) (held from \(String(describing: heldFrom)))"
            )
        }
    }

    @Test func finalStatesGoNowhere() {
        for status in S.allCases where status.isFinal {
            #expect(status.allowedNext().isEmpty)
        }
        #expect(S.allCases.filter(\.isFinal) == [.accepted, .rejected, .withdrawn])
    }

    @Test func onHoldReturnsOnlyWhereItCameFrom() {
        #expect(S.onHold.allowedNext(heldFrom: .interview) == [.interview, .rejected, .withdrawn])
        #expect(!S.onHold.canMove(to: .offered, heldFrom: .interview))
        #expect(!S.onHold.canMove(to: .onHold, heldFrom: .interview))
    }

    @Test func skippingForwardIsAllowedGoingBackIsNot() {
        #expect(S.screening.canMove(to: .offered))
        #expect(S.submitted.canMove(to: .accepted))
        #expect(!S.interview.canMove(to: .screening))
        #expect(!S.offered.canMove(to: .submitted))
        #expect(!S.screening.canMove(to: .screening))
    }
}

@Suite struct PositionAndVolunteerStatusTests {
    @Test(arguments: PositionStatus.allCases, PositionStatus.allCases)
    func positionPairs(from: PositionStatus, to: PositionStatus) {
        let allowed: Set<String> = ["draft>open", "open>paused", "paused>open", "open>closed", "paused>closed", "closed>open"]
        #expect(from.allowedNext().contains(to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"))
    }

    @Test func onlyReopeningNeedsAReason() {
        for from in PositionStatus.allCases {
            for to in from.allowedNext() {
                #expect(from.requiresReason(toMoveTo: to) == (from == .closed && to == .open))
            }
        }
        #expect(PositionStatus.allCases.filter(\.acceptsApplications) == [.open])
    }

    @Test(arguments: VolunteerStatus.allCases, VolunteerStatus.allCases)
    func volunteerPairs(from: VolunteerStatus, to: VolunteerStatus) {
        let allowed: Set<String> = [
            "onboarding>active", "onboarding>alumni", "active>paused", "paused>active", "active>alumni", "paused>alumni",
        ]
        #expect(from.allowedNext().contains(to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"))
    }

    @Test func illegalMovesNameTheStateAndTheWayOut() {
        let stuck = DomainError.illegalTransition(entity: "application", id: "3f2a", current: "rejected", wanted: "screening", allowed: [])
        #expect(stuck.description == "application 3f2a is `rejected`; it can no longer move")
        let wrong = DomainError.illegalTransition(
            entity: "application", id: "3f2a", current: "interview", wanted: "screening", allowed: ["offered", "accepted"]
        )
        #expect(wrong.description.contains("allowed: offered, accepted"))
    }
}
