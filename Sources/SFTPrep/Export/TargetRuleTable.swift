/// The rule × target table of docs/guide/targets.md, made from the profiles so the two cannot
/// drift apart (a test compares them). E: the file fails; W: a warning; —: not checked.
public enum TargetRuleTable {
    /// One row: the rule with its codes, and how each profile reads it.
    struct Row: Sendable {
        let rule: String
        let cell: @Sendable (TargetProfile) -> String
    }

    static func errorOrWarning(_ error: Bool) -> String { error ? "E" : "W" }

    static let rows: [Row] = [
        Row(rule: "layout written by `export`") { p in
            switch p.format {
            case .chat: "chat JSONL"
            case .vertex: "`systemInstruction`, `contents`/`parts`"
            case .bedrockClaude: "`system`, `messages`"
            case .bedrockConversation: "`bedrock-conversation-2024`"
            }
        },
        Row(rule: "byte-order mark (`bom`)") { p in p.bom == .forbidden ? "E" : "W (none written)" },
        Row(rule: "blank line (`blank_line`)") { errorOrWarning($0.blankLinesAreErrors) },
        Row(rule: "top-level key outside the format (`unknown_key`; export drops it)") { errorOrWarning($0.extraKeysAreErrors) },
        Row(rule: "message key outside the format (`unknown_message_key`; `--fix` drops it)") { p in
            errorOrWarning(p.unknownMessageKeysAreErrors) + (p.trainingField.map { " (`\($0)` is known)" } ?? "")
        },
        Row(rule: "roles (`unknown_role`)") { p in
            ExampleChecker.list(p.roles) + (p.roleAliases.isEmpty ? "" : "; " + p.roleAliases.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", "))
        },
        Row(rule: "empty content (`empty_content`)") { errorOrWarning($0.emptyContentIsError) },
        Row(rule: "content as text parts (`content_parts`, `mixed_content`; `--fix` writes strings)") { p in
            switch p.contentParts {
            case .accepted: "yes"
            case .notMixed: "not mixed with strings (E)"
            case .refused(let roles, _): roles.count >= 4 ? "E" : "E on " + ExampleChecker.list(roles)
            }
        },
        Row(rule: "`weight: 0` on an assistant turn (`weight_unsupported`)") { p in
            switch p.weights {
            case .perMessage: "kept"
            case .trainingField(let f): "E; `--fix` writes `\"\(f)\": false`"
            case .none: "E; `--fix` cuts untrained turns at the end"
            }
        },
        Row(rule: "`weight` values (`invalid_weight`; `true`, or on a user turn: W)") { $0.integerWeight ? "integer 0 or 1" : "0 or 1" },
        Row(rule: "tools, tool calls, tool messages (`tools_unsupported`)") { p in
            !p.supportsTools ? "no (E)" : p.toolRoleNeedsTools ? "tool role only with `tools`" : "yes"
        },
        Row(rule: "tool call without `type` (`tool_call_type`, `invalid_tool_call`; `--fix` adds it)") { errorOrWarning($0.rendersChatTemplates) },
        Row(rule: "call arguments are a JSON object (`invalid_tool_call`)") { $0.toolArgumentsMustBeObjects ? "E" : "any JSON" },
        Row(rule: "tool-call turn without a `content` key (`missing_content`; `--fix` writes `\"\"`)") { $0.rendersChatTemplates ? "E" : "—" },
        Row(rule: "tool `parameters` (`invalid_tools`)") { $0.toolParametersRequired ? "required, an object (`{}` will do)" : "an object if present" },
        Row(rule: "tool `description` (`invalid_tools`)") { $0.toolsNeedDescription ? "required" : "—" },
        Row(rule: "one tool result per call (`tool_results_mismatch`)") { $0.toolResultsMatchCalls ? "E" : "—" },
        Row(rule: "tool-call ids (`invalid_tool_call_id`; `--fix` makes them)") { p in p.toolCallIDLength.map { "exactly \($0) letters/digits" } ?? "—" },
        Row(rule: "assistant has content or tool calls, not both (`content_and_tool_calls`)") { $0.contentXorToolCalls ? "E" : "—" },
        Row(rule: "system prompt only at the start (`system_not_first`)") { $0.systemOnlyFirst ? "E" : "—" },
        Row(rule: "system prompts per example (`multiple_system`)") { p in p.maxSystemMessages.map { "at most \($0)" } ?? "any" },
        Row(rule: "same role twice in a row (`consecutive_same_role`; `--fix` merges)") { p in
            p.noConsecutiveSameRole ? "E" : p.roleSuccessors != nil ? "by the successor table" : "—"
        },
        Row(rule: "role successors (`invalid_role_order`)") { p in
            guard let t = p.roleSuccessors else { return "—" }
            return t.sorted { $0.key < $1.key }.map { "\($0.key)→\($0.value.sorted().joined(separator: "/"))" }.joined(separator: ", ")
        },
        Row(rule: "first turn after the system prompt is the user's (`first_not_user`)") { $0.firstMustBeUser ? "E" : "—" },
        Row(rule: "last message is the assistant's (`last_not_assistant`)") { errorOrWarning($0.lastMustBeAssistant) },
        Row(rule: "turns besides the system prompt (`too_few_messages`)") { "≥ \($0.minMessages)" },
        Row(rule: "reserved text in any content (`reserved_text`)") { p in
            p.reservedStrings.isEmpty ? "—" : p.reservedStrings.map { "`\(JSONValue.string($0).jsonText.dropFirst().dropLast())`" }.joined(separator: " ")
        },
        Row(rule: "special-token strings (`special_token`)") { $0.forbidsSpecialTokens ? "E" : "—" },
        Row(rule: "system prompt in some records only (`inconsistent_system`)") { p in
            p.systemKeyInAllOrNone ? "E (export writes `\"system\": []`)" : "W"
        },
        Row(rule: "one record format per file (`mixed_formats`)") { $0.oneFormatPerFile ? "E" : "—" },
        Row(rule: "tokens per example (`too_long`)") { p in
            switch p.tokenLimit {
            case .model: "the model's limit (E)"
            case .estimated(let n): "\(NumberFormatting.grouped(n)), estimated (E)"
            case .trainer(let n, _): "`--max-length`, default \(NumberFormatting.grouped(n)) (W)"
            case .none: "`--max-tokens`"
            }
        },
        Row(rule: "examples per file (`too_few_examples`, `too_many_examples`; `run` sizes its split)") { p in
            let g = NumberFormatting.grouped
            return p.maxExamples.map { "\(g(p.minExamples)) – \(g($0))" } ?? "≥ \(g(p.minExamples))"
        },
        Row(rule: "file size (`file_too_large`)") { p in
            guard let b = p.maxFileBytes else { return "—" }
            return b >= 1 << 30 ? "\(b >> 30) GB" : "\(b >> 20) MB"
        },
    ]

    /// The table in Markdown, one column per profile, then the source of each profile's rules.
    public static func markdown(_ profiles: [TargetProfile] = TargetProfile.all) -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| rule (code) | " + profiles.map(\.name).joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "---|", count: profiles.count)]
        for row in rows {
            lines.append("| \(cell(row.rule)) | " + profiles.map { cell(row.cell($0)) }.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("Where each profile's rules come from:")
        lines.append("")
        for p in profiles {
            lines.append("- **\(p.name)**: " + p.sources.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
