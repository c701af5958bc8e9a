import Testing
@testable import SFTPrep

@Suite struct ChatGPTExportTests {
    static let export = #"""
    [{"title":"Kettle","id":"conv-1","create_time":1.5,"current_node":"a2","moderation_results":[],
      "mapping":{
        "root":{"id":"root","message":null,"parent":null,"children":["sys"]},
        "sys":{"id":"sys","parent":"root","children":["u1"],"message":{"author":{"role":"system"},"content":{"content_type":"text","parts":[""]},"metadata":{"is_visually_hidden_from_conversation":true}}},
        "u1":{"id":"u1","parent":"sys","children":["a1","a1b"],"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["Q1"]}}},
        "a1":{"id":"a1","parent":"u1","children":[],"message":{"author":{"role":"assistant"},"content":{"content_type":"text","parts":["abandoned answer"]},"recipient":"all"}},
        "a1b":{"id":"a1b","parent":"u1","children":["t1"],"message":{"author":{"role":"assistant"},"content":{"content_type":"code","text":"search()"},"recipient":"browser"}},
        "t1":{"id":"t1","parent":"a1b","children":["a2"],"message":{"author":{"role":"tool","name":"browser"},"content":{"content_type":"text","parts":["tool output"]}}},
        "a2":{"id":"a2","parent":"t1","children":[],"message":{"author":{"role":"assistant"},"content":{"content_type":"text","parts":["final answer"]},"recipient":"all"}}
      }}]
    """#

    @Test func followsTheCurrentBranchAndKeepsOnlyVisibleText() throws {
        let r = try ingest(text: Self.export, name: "conversations.json")
        #expect(r.rejects.isEmpty)
        #expect(r.messages == [[.user("Q1"), .assistant("final answer")]])
        let m = r.conversations[0].metadata
        #expect(m.id == "conv-1")
        #expect(m.label("title") == "Kettle")
        #expect(m.format == "chatgpt")
        #expect(m["mapping"] == nil && m["moderation_results"] == nil)
    }

    @Test func withoutCurrentNodeTheNewestBranchIsTaken() throws {
        let text = #"""
        [{"title":"t","mapping":{
          "r":{"id":"r","message":null,"parent":null,"children":["u"]},
          "u":{"id":"u","parent":"r","children":["old","new"],"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["q"]}}},
          "old":{"id":"old","parent":"u","children":[],"message":{"author":{"role":"assistant"},"content":{"content_type":"text","parts":["first try"]}}},
          "new":{"id":"new","parent":"u","children":[],"message":{"author":{"role":"assistant"},"content":{"content_type":"text","parts":["regenerated"]}}}}}]
        """#
        let r = try ingest(text: text, name: "conversations.json")
        #expect(r.messages == [[.user("q"), .assistant("regenerated")]])
    }

    @Test func brokenParentLinksAreRejectedNotCrashed() throws {
        let text = #"[{"title":"t","current_node":"a","mapping":{"a":{"id":"a","parent":"b","children":[]},"b":{"id":"b","parent":"a","children":[]}}}]"#
        let r = try ingest(text: text, name: "conversations.json")
        #expect(r.rejects.map(\.message) == ["the parent links form a cycle"])
    }
}
