import Testing
import VolunteerCore

@Suite struct TemplateRulesTests {
    @Test func readsTasksWithTheirDefaults() throws {
        let tasks = try RuleReading.read(
            #"{"tasks": [{"title": "Intro call", "who": "coordinator", "due_in_days": 2},"#
                + #" {"title": "Style guide", "description": "In the welcome mail.", "who": "volunteer", "due_in_days": 7, "required": false}]}"#,
            TemplateRules.read
        )
        #expect(
            tasks == [
                TemplateTask(title: "Intro call", performer: .coordinator, dueInDays: 2),
                TemplateTask(
                    title: "Style guide", description: "In the welcome mail.", performer: .volunteer, dueInDays: 7, required: false),
            ])
    }

    @Test(arguments: [
        (#"{"tasks": []}"#, "tasks", "must be a list of at least one task"),
        ("{}", "tasks", "is required"),
        (#"{"tasks": [{"who": "volunteer", "due_in_days": 1}]}"#, "tasks[0].title", "is required"),
        (#"{"tasks": [{"title": "  ", "who": "volunteer", "due_in_days": 1}]}"#, "tasks[0].title", "must be 1 to 200 characters"),
        (
            #"{"tasks": [{"title": "\#(String(repeating: "t", count: 201))", "who": "volunteer", "due_in_days": 1}]}"#,
            "tasks[0].title", "must be 1 to 200 characters"
        ),
        (
            #"{"tasks": [{"title": "A", "description": "\#(String(repeating: "d", count: 2001))", "who": "volunteer", "due_in_days": 1}]}"#,
            "tasks[0].description", "must be at most 2000 characters"
        ),
        (#"{"tasks": [{"title": "A", "who": "intern", "due_in_days": 1}]}"#, "tasks[0].who", TemplateRules.performerRule),
        (
            #"{"tasks": [{"title": "A", "who": "volunteer", "due_in_days": -3}]}"#, "tasks[0].due_in_days",
            "must be a whole number from 0 to 365"
        ),
        (
            #"{"tasks": [{"title": "A", "who": "volunteer", "due_in_days": "soon"}]}"#, "tasks[0].due_in_days",
            "must be a whole number, not a string"
        ),
        (
            #"{"tasks": [{"title": "A", "who": "volunteer", "due_in_days": 1, "required": "maybe"}]}"#,
            "tasks[0].required", "must be true or false, not a string"
        ),
        (
            #"{"tasks": [{"title": "A", "who": "volunteer", "due_in_days": 1, "colour": "red"}]}"#,
            "tasks[0].colour", "is not a known field (known: description, due_in_days, required, title, who)"
        ),
        (#"{"tasks": ["Intro call"]}"#, "tasks[0]", "must be a JSON object"),
        (
            #"{"steps": [], "tasks": [{"title": "A", "who": "volunteer", "due_in_days": 1}]}"#, "steps",
            "is not a known field (known: tasks)"
        ),
    ])
    func refusesEachBrokenRuleByItsField(json: String, field: String, problem: String) throws {
        #expect(try RuleReading.problems(json, TemplateRules.read) == [FieldProblem(field, problem)])
    }

    /// The store checks what it is given with the same rules and names.
    @Test func theStoresCheckNamesTheSameFields() {
        #expect(TemplateRules.problems([]) == [FieldProblem("tasks", "must be a list of at least one task")])
        let late = TemplateTask(title: "A", performer: .volunteer, dueInDays: 400)
        #expect(
            TemplateRules.problems([TemplateTask(title: "B", performer: .volunteer, dueInDays: 1), late])
                == [FieldProblem("tasks[1].due_in_days", "must be a whole number from 0 to 365")])
    }
}
