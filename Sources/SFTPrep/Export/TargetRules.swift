/// The order and shape rules a target puts on one conversation: where system
/// prompts may stand, which role may follow which, how it must start and end,
/// tool calls. Pure; one call per example.
struct TargetRules: Sendable {
    let profile: TargetProfile

    /// Every rule `c` breaks, as (code, message); message indices as in the input.
    func violations(_ c: Conversation) -> [(code: String, message: String)] {
        var out: [(code: String, message: String)] = []
        func fail(_ code: String, _ message: String) { out.append((code, message)) }
        let p = profile
        let target = p.name
        let messages = c.messages

        let usesTools = c.tools != nil && c.tools != .null
        if !p.supportsTools {
            let hint = p.toolsHint.map { " (\($0))" } ?? ""
            if usesTools { fail("tools_unsupported", "\"tools\" cannot be expressed in \(target)'s format" + hint) }
            if c.parallelToolCalls != nil { fail("tools_unsupported", "\"parallel_tool_calls\" cannot be expressed in \(target)'s format") }
            for (i, m) in messages.enumerated() where m.role == .tool || m.toolCalls != nil {
                fail("tools_unsupported", "messages[\(i)] (\(m.role == .tool ? "a tool result" : "a tool call")) cannot be expressed in \(target)'s format" + hint)
            }
        } else if p.toolRoleNeedsTools && !usesTools, let i = messages.firstIndex(where: { $0.role == .tool }) {
            fail("tools_unsupported", "messages[\(i)] has the tool role but the example defines no \"tools\"; \(target) accepts tool messages only with tools")
        }

        var systems = 0
        for (i, m) in messages.enumerated() where m.role == .system {
            systems += 1
            if let most = p.maxSystemMessages, systems == most + 1 {
                fail("multiple_system", "messages[\(i)] is system message number \(systems); \(target) takes at most \(most)")
            }
            if p.systemOnlyFirst && i > 0 && messages[i - 1].role != .system {
                fail("system_not_first", "messages[\(i)] is a system message after the conversation started; \(target) takes a system prompt only at the start")
            }
        }

        let turns = messages.enumerated().filter { $0.element.role != .system || !p.systemOnlyFirst }
        if turns.count < p.minMessages {
            fail("too_few_messages", "\(turns.count) message\(turns.count == 1 ? "" : "s") besides the system prompt; \(target) needs at least \(p.minMessages)")
        }
        if p.firstMustBeUser, let first = messages.enumerated().first(where: { $0.element.role != .system }), first.element.role != .user {
            fail("first_not_user", "messages[\(first.offset)] is from \(first.element.role.rawValue); \(target) needs the conversation to start with the user")
        }
        if p.lastMustBeAssistant, let last = messages.last, last.role != .assistant {
            fail("last_not_assistant", "the last message (messages[\(messages.count - 1)]) is from \(last.role.rawValue); \(target) needs it to be the assistant's")
        }
        if p.noConsecutiveSameRole {
            // Parallel tool results (tool, tool) are one turn in every template.
            for i in messages.indices.dropFirst() where messages[i].role == messages[i - 1].role && messages[i].role != .tool {
                fail("consecutive_same_role", "messages[\(i - 1)] and messages[\(i)] are both \(messages[i].role.rawValue); \(target) needs roles to alternate")
            }
        }
        if let table = p.roleSuccessors {
            for i in messages.indices.dropFirst() {
                let a = messages[i - 1].role.rawValue, b = messages[i].role.rawValue
                if let allowed = table[a], !allowed.contains(b) {
                    fail("invalid_role_order", "messages[\(i)]: \(b) cannot follow \(a) in \(target) (after \(a): \(allowed.sorted().joined(separator: ", ")))")
                }
            }
        }
        if p.contentXorToolCalls {
            for (i, m) in messages.enumerated() where m.role == .assistant && m.toolCalls != nil && !(m.content ?? "").isEmpty {
                fail("content_and_tool_calls", "messages[\(i)] has both content and tool_calls; \(target) takes one or the other")
            }
        }
        if let n = p.toolCallIDLength {
            for (i, m) in messages.enumerated() {
                for (k, call) in (m.toolCalls?.arrayValue ?? []).enumerated() {
                    if let id = call.objectValue?["id"]?.stringValue, !TargetRules.isAlphanumeric(id, length: n) {
                        fail("invalid_tool_call_id", "messages[\(i)].tool_calls[\(k)].id \"\(id)\" must be exactly \(n) letters and digits (export --fix generates them)")
                    }
                }
            }
        }
        if let tools = c.tools?.arrayValue, p.toolParametersRequired || p.toolsNeedDescription {
            for (k, t) in tools.enumerated() {
                let function = t.objectValue?["function"]?.objectValue
                if p.toolParametersRequired && function?["parameters"]?.objectValue == nil {
                    fail("invalid_tools", "tools[\(k)].function needs \"parameters\", a JSON object (a JSON Schema; {} if the function takes none)")
                }
                if p.toolsNeedDescription && (function?["description"]?.stringValue ?? "").isEmpty {
                    fail("invalid_tools", "tools[\(k)].function needs a \"description\" for \(target)")
                }
            }
        }
        if p.toolArgumentsMustBeObjects {
            for (i, m) in messages.enumerated() {
                for (k, call) in ToolCalls.calls(m).enumerated() where call.arguments == nil {
                    fail("invalid_tool_call", "messages[\(i)].tool_calls[\(k)].function.arguments must be a JSON object for \(target) (\(call.name))")
                }
            }
        }
        if p.toolResultsMatchCalls {
            for (i, m) in messages.enumerated() where m.role == .assistant {
                guard let calls = m.toolCalls?.arrayValue, !calls.isEmpty else { continue }
                let results = messages[(i + 1)...].prefix { $0.role == .tool }.count
                if results != calls.count {
                    fail("tool_results_mismatch", "messages[\(i)] makes \(calls.count) tool call\(calls.count == 1 ? "" : "s") answered by \(results) tool message\(results == 1 ? "" : "s"); \(target) needs one result per call, right after it")
                }
            }
        }
        return out
    }

    static func isAlphanumeric(_ s: String, length: Int) -> Bool {
        s.utf8.count == length && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
    }
}
