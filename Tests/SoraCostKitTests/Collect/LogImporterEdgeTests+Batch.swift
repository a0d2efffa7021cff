import Foundation
import SoraCostTestSupport
import Testing
@testable import SoraCostKit

/// `LogImporterEdgeTests`, continued: a Batch API output file (`/v1/batches` with endpoint
/// `/v1/videos`) imports as batch jobs, which the video object alone never says; a later sighting
/// of the same job keeps it a batch job; a request that made no video is rejected with the error
/// it carries.
extension LogImporterEdgeTests {
    static func line(_ n: Int, body: String, status: Int = 200) -> String {
        #"{"id":"batch_req_\#(n)","custom_id":"job-\#(n)","response":{"status_code":\#(status),"request_id":"req_\#(n)","body":\#(body)},"error":null}"#
    }

    @Test func aBatchOutputLineIsABatchJob() throws {
        let queued = Sample.video("video_b1", status: "queued")
        let output = try directory.write("batch_output.jsonl", [
            Self.line(1, body: queued),
            Self.line(2, body: #"{"error":{"message":"Invalid size","type":"invalid_request_error","param":"size","code":null}}"#, status: 400),
            #"{"id":"batch_req_3","custom_id":"job-3","response":null,"error":{"code":"batch_expired","message":"not run before the window expired"}}"#,
        ].joined(separator: "\n") + "\n")
        let report = try importing([output])
        #expect(report.counts.new == 1)
        let job = try #require(try ledger.jobs(videoID: "video_b1").first)
        #expect(job.isBatch)
        #expect(job.status == .queued)
        #expect(report.rejects.map(\.line) == [2, 3])
        #expect(report.rejects.map(\.error.field) == ["response.body.error", "error"])
        #expect(report.rejects[0].error.reason.contains("Invalid size"))
        #expect(report.rejects[1].error.reason.contains("not run before the window expired"))

        // The job's final state, from the list endpoint or a bare log, says nothing of batch.
        let later = try directory.write("later.jsonl", Sample.video("video_b1") + "\n")
        #expect(try importing([later]).counts.updated == 1)
        let final = try #require(try ledger.jobs(videoID: "video_b1").first)
        #expect(final.status == .completed)
        #expect(final.isBatch, "a batch job stays one")
    }

    @Test func anEnvelopeWhoseResponseIsTheVideoIsNotABatchLine() throws {
        // Apps that log the API's response as `response` (no custom_id, no body).
        let path = try directory.write("app.jsonl", #"{"project":"p","response":\#(Sample.video("video_r1"))}"# + "\n")
        #expect(try importing([path]).counts.new == 1)
        let job = try #require(try ledger.jobs(videoID: "video_r1").first)
        #expect(!job.isBatch)
        #expect(job.project == "p")
    }
}
