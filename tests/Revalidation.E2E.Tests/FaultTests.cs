using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// What held stays held (issue 14): the real Server is killed with SIGKILL in the middle of work, started again over
/// the same data folder, and what it had acknowledged is checked, in its SQLite file and through its API.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed partial class FaultTests(ITestOutputHelper output)
{
    private const int Writers = 4;
    private const int AcksBeforeKill = 40;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    [Trait("Kind", "Fault")]
    public async Task Kill_DuringConcurrentWriteLoops_RestartKeepsEveryAcknowledgedWrite_AndEachVersionEqualsItsAuditCount()
    {
        var data = Directory.CreateTempSubdirectory("revalidation-fault-writes-").FullName;
        try
        {
            var writers = new List<WriteLoop>();
            await using (var server = await FaultServer.StartAsync(data))
            {
                var ro = await server.TokenAsync("ro");
                var caseload = await server.GetJsonAsync(ro, $"api/caseload?pageSize={Writers * 4}");
                var doctorIds = caseload.GetProperty("items").EnumerateArray()
                    .Where(r => r.GetProperty("status").GetString() == "Active")
                    .Select(r => r.GetProperty("doctorId").GetGuid())
                    .Take(Writers)
                    .ToList();
                Assert.Equal(Writers, doctorIds.Count);
                foreach (var id in doctorIds)
                {
                    writers.Add(await WriteLoop.StartAtAsync(server, ro, id));
                }

                using var stop = new CancellationTokenSource();
                var loops = writers.Select(w => Task.Run(() => w.RunAsync(server, ro, stop.Token))).ToList();

                // Kill once enough writes are acknowledged, a little later by a random amount so the kill lands anywhere in a write.
                var deadline = DateTime.UtcNow + Patience;
                while (writers.Sum(w => w.AckCount) < AcksBeforeKill)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"Only {writers.Sum(w => w.AckCount)} writes were acknowledged in {Patience}.\n{server.Log()}");
                    Assert.True(loops.All(l => !l.IsCompleted), "A write loop ended before the kill: " + string.Join("; ", writers.Select(w => w.Failure).OfType<string>()));
                    await Task.Delay(20);
                }

                await Task.Delay(Random.Shared.Next(0, 150));
                await server.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(loops);
                Assert.All(writers, w => Assert.Null(w.Failure));
            }

            // What the kill left, before anything opens it again.
            Assert.Equal("ok", FaultServer.IntegrityCheck(data));
            var stored = ReadVersionsAndAudit(data, writers.Select(w => w.DoctorId));
            foreach (var w in writers)
            {
                var (version, auditCount) = stored[w.DoctorId];
                Assert.True(w.AckCount == w.LastAckedVersion - w.InitialVersion, $"{w.DoctorId}: acknowledged versions are not consecutive.");

                // Every acknowledged write is there; at most the one in flight at the kill committed without its answer.
                Assert.InRange(version, w.LastAckedVersion, w.LastAckedVersion + 1);
                Assert.True(version == auditCount, $"Doctor {w.DoctorId}: version {version}, {auditCount} audit events.");
                output.WriteLine($"{w.DoctorId}: {w.AckCount} writes acknowledged (version {w.InitialVersion} to {w.LastAckedVersion}); stored version {version}, {auditCount} audit events");
            }

            await using (var restarted = await FaultServer.StartAsync(data))
            {
                var ro = await restarted.TokenAsync("ro");
                foreach (var w in writers)
                {
                    var (version, auditCount) = stored[w.DoctorId];
                    using var request = FaultServer.Request(HttpMethod.Get, $"api/doctors/{w.DoctorId}", ro);
                    using var response = await restarted.Http.SendAsync(request);
                    response.EnsureSuccessStatusCode();
                    Assert.Equal(version.ToString(CultureInfo.InvariantCulture), response.Headers.ETag?.Tag.Trim('"'));
                    using var doctor = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    var expected = version == w.LastAckedVersion ? w.LastAckedOpenLocalProcess : !w.LastAckedOpenLocalProcess;
                    Assert.Equal(expected, doctor.RootElement.GetProperty("openLocalProcess").GetBoolean());

                    var audit = await restarted.GetJsonAsync(ro, $"api/doctors/{w.DoctorId}/audit");
                    Assert.Equal(auditCount, audit.GetArrayLength());
                    Assert.True(
                        audit.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "doctor.flags-changed") >= w.AckCount,
                        $"Doctor {w.DoctorId}: fewer flag changes in the audit trail than the {w.AckCount} acknowledged.");
                }

                // The restarted Server takes writes again.
                var first = writers[0];
                var firstState = stored[first.DoctorId].Version == first.LastAckedVersion ? first.LastAckedOpenLocalProcess : !first.LastAckedOpenLocalProcess;
                using var put = FaultServer.Request(HttpMethod.Put, $"api/doctors/{first.DoctorId}/flags", ro);
                put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{stored[first.DoctorId].Version}\""));
                put.Content = JsonContent.Create(new { openLocalProcess = !firstState });
                using var afterRestart = await restarted.Http.SendAsync(put);
                Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
            }

            Assert.Equal("ok", FaultServer.IntegrityCheck(data));
            var final = ReadVersionsAndAudit(data, writers.Select(w => w.DoctorId));
            Assert.All(final, d => Assert.Equal(d.Value.Version, d.Value.AuditCount));
        }
        finally
        {
            TryDelete(data);
        }
    }

    [Fact]
    [Trait("Kind", "Fault")]
    public async Task Kill_MidUpload_RestartLeavesNoOrphanOrHalfFile_AndTheAcknowledgedUploadIsIntact()
    {
        var data = Directory.CreateTempSubdirectory("revalidation-fault-upload-").FullName;
        try
        {
            var acknowledged = PaddedPdf("acknowledged", 2 * 1024 * 1024);
            var acknowledgedHash = Convert.ToHexStringLower(SHA256.HashData(acknowledged));
            Guid doctorId;
            Guid acknowledgedId;
            await using (var server = await FaultServer.StartAsync(data))
            {
                var doctor = await server.TokenAsync("doctor");
                doctorId = (await server.GetJsonAsync(doctor, "api/me")).GetProperty("doctorId").GetGuid();

                using (var upload = FaultServer.Request(HttpMethod.Post, $"api/doctors/{doctorId}/evidence", doctor))
                {
                    upload.Content = new PacedUpload(acknowledged, "Acknowledged before the kill", paceAfter: long.MaxValue);
                    using var created = await server.Http.SendAsync(upload);
                    Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
                    acknowledgedId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                }

                // An 8 MB upload: 3 MB at once, then a trickle (fast enough for Kestrel's minimum data rate) that the kill interrupts.
                var large = PaddedPdf("killed", 8 * 1024 * 1024);
                using var abandon = new CancellationTokenSource();
                var killedUpload = FaultServer.Request(HttpMethod.Post, $"api/doctors/{doctorId}/evidence", doctor);
                killedUpload.Content = new PacedUpload(large, "Killed mid-body", paceAfter: 3 * 1024 * 1024);
                var sending = server.Http.SendAsync(killedUpload, abandon.Token);

                var incoming = await WaitForIncomingAsync(FaultServer.EvidenceFolder(data), minBytes: 1024 * 1024, sending, server);
                await server.KillAsync();
                output.WriteLine($"Killed with {new FileInfo(incoming).Length} of {large.Length} bytes of the second upload written");
                Assert.True(File.Exists(incoming), "The half-written upload was gone before the kill: the kill did not land mid-body.");
                await abandon.CancelAsync();
                await Assert.ThrowsAnyAsync<Exception>(() => sending);
                killedUpload.Dispose();
            }

            Assert.Equal("ok", FaultServer.IntegrityCheck(data));

            await using (var restarted = await FaultServer.StartAsync(data))
            {
                Assert.Empty(Directory.EnumerateFiles(FaultServer.EvidenceFolder(data), "*.incoming", SearchOption.AllDirectories));

                var doctor = await restarted.TokenAsync("doctor");
                var items = await restarted.GetJsonAsync(doctor, $"api/doctors/{doctorId}/evidence");
                Assert.DoesNotContain(items.EnumerateArray(), e => e.GetProperty("title").GetString() == "Killed mid-body");
                Assert.Contains(items.EnumerateArray(), e => e.GetProperty("id").GetGuid() == acknowledgedId);

                using var download = FaultServer.Request(HttpMethod.Get, $"api/doctors/{doctorId}/evidence/{acknowledgedId}/file", doctor);
                using var file = await restarted.Http.SendAsync(download);
                file.EnsureSuccessStatusCode();
                Assert.Equal(acknowledgedHash, Convert.ToHexStringLower(SHA256.HashData(await file.Content.ReadAsByteArrayAsync())));
            }

            Assert.Equal("ok", FaultServer.IntegrityCheck(data));

            // Every file in the evidence folder is one a record refers to, and every file a record refers to is there.
            var referenced = ReferencedStorageKeys(data);
            var files = Directory.EnumerateFiles(FaultServer.EvidenceFolder(data), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains(referenced, k => files.Contains(k));
            Assert.Empty(files.Except(referenced, StringComparer.Ordinal));
            Assert.Empty(referenced.Except(files, StringComparer.Ordinal));
        }
        finally
        {
            TryDelete(data);
        }
    }

    private static async Task<string> WaitForIncomingAsync(string evidenceFolder, long minBytes, Task sending, FaultServer server)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (sending.IsCompleted)
            {
                throw new InvalidOperationException($"The upload ended before the kill: {(sending.IsCompletedSuccessfully ? ((Task<HttpResponseMessage>)sending).Result.StatusCode.ToString() : sending.Exception?.ToString())}\n{server.Log()}");
            }

            if (Directory.Exists(evidenceFolder))
            {
                var half = Directory.EnumerateFiles(evidenceFolder, "*.incoming", SearchOption.AllDirectories)
                    .FirstOrDefault(f => new FileInfo(f) is { Exists: true } info && info.Length >= minBytes);
                if (half is not null)
                {
                    return half;
                }
            }

            await Task.Delay(10);
        }

        throw new InvalidOperationException($"No half-written upload appeared within {Patience}.\n{server.Log()}");
    }

    private static Dictionary<Guid, (long Version, long AuditCount)> ReadVersionsAndAudit(string data, IEnumerable<Guid> doctorIds)
    {
        using var connection = FaultServer.Open(data);
        var result = new Dictionary<Guid, (long, long)>();
        foreach (var id in doctorIds)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT d.version, (SELECT count(*) FROM audit_events a WHERE lower(a.doctor_id) = lower(d.id)) FROM doctors d WHERE lower(d.id) = lower($id);";
            command.Parameters.AddWithValue("$id", id.ToString());
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read(), $"Doctor {id} is not in the database.");
            result[id] = (reader.GetInt64(0), reader.GetInt64(1));
        }

        return result;
    }

    private static HashSet<string> ReferencedStorageKeys(string data)
    {
        using var connection = FaultServer.Open(data);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM doctors;";
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            foreach (Match m in StorageKey().Matches(reader.GetString(0)))
            {
                keys.Add(m.Groups[1].Value);
            }
        }

        return keys;
    }

    /// <summary>A valid PDF of about <paramref name="size"/> bytes (a comment pads it), unique by <paramref name="marker"/>.</summary>
    private static byte[] PaddedPdf(string marker, int size)
    {
        var head = Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% {marker} {Guid.NewGuid()}\n");
        var tail = Encoding.ASCII.GetBytes("trailer<</Root 1 0 R>>\n%%EOF\n");
        var line = Encoding.ASCII.GetBytes("% " + new string('x', 78) + "\n");
        using var pdf = new MemoryStream(size + 256);
        pdf.Write(head);
        while (pdf.Length + line.Length + tail.Length <= size)
        {
            pdf.Write(line);
        }

        pdf.Write(tail);
        return pdf.ToArray();
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }

    [GeneratedRegex("\"storageKey\":\"([^\"]+)\"")]
    private static partial Regex StorageKey();

    /// <summary>One RO toggling one doctor's local-process flag, each write with the ETag the last one returned.</summary>
    private sealed class WriteLoop
    {
        private int ackCount;

        public required Guid DoctorId { get; init; }

        public required long InitialVersion { get; init; }

        public int AckCount => Volatile.Read(ref ackCount);

        public long LastAckedVersion { get; private set; }

        public bool LastAckedOpenLocalProcess { get; private set; }

        public string? Failure { get; private set; }

        public static async Task<WriteLoop> StartAtAsync(FaultServer server, string token, Guid doctorId)
        {
            using var request = FaultServer.Request(HttpMethod.Get, $"api/doctors/{doctorId}", token);
            using var response = await server.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var version = long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
            using var doctor = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return new WriteLoop
            {
                DoctorId = doctorId,
                InitialVersion = version,
                LastAckedVersion = version,
                LastAckedOpenLocalProcess = doctor.RootElement.GetProperty("openLocalProcess").GetBoolean(),
            };
        }

        public async Task RunAsync(FaultServer server, string token, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var next = !LastAckedOpenLocalProcess;
                using var put = FaultServer.Request(HttpMethod.Put, $"api/doctors/{DoctorId}/flags", token);
                put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{LastAckedVersion}\""));
                put.Content = JsonContent.Create(new { openLocalProcess = next });
                HttpResponseMessage response;
                try
                {
                    response = await server.Http.SendAsync(put, stop);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    return; // The kill: this write was not acknowledged.
                }

                using (response)
                {
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Failure = $"{DoctorId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                        return;
                    }

                    LastAckedVersion = long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
                    LastAckedOpenLocalProcess = next;
                    Interlocked.Increment(ref ackCount);
                }
            }
        }
    }

    /// <summary>
    /// A multipart upload (the evidence fields, then the file) written by the test: the first <c>paceAfter</c> bytes of the
    /// file at once, the rest 8 KB every 20 ms, so that a kill can land while the Server is writing it.
    /// </summary>
    private sealed class PacedUpload : HttpContent
    {
        private const string Boundary = "fault-test-boundary";
        private readonly byte[] head;
        private readonly byte[] file;
        private readonly byte[] tail = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");
        private readonly long paceAfter;

        public PacedUpload(byte[] file, string title, long paceAfter)
        {
            this.file = file;
            this.paceAfter = paceAfter;
            var fields = new StringBuilder();
            void Field(string name, string value) => fields.Append(CultureInfo.InvariantCulture, $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
            Field("type", "ContinuingProfessionalDevelopment");
            Field("title", title);
            Field("activityDate", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            fields.Append(CultureInfo.InvariantCulture, $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"certificate.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
            head = Encoding.UTF8.GetBytes(fields.ToString());
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(head, cancellationToken);
            var sent = (int)Math.Min(paceAfter, file.Length);
            await stream.WriteAsync(file.AsMemory(0, sent), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            while (sent < file.Length)
            {
                await Task.Delay(20, cancellationToken);
                var chunk = Math.Min(8192, file.Length - sent);
                await stream.WriteAsync(file.AsMemory(sent, chunk), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                sent += chunk;
            }

            await stream.WriteAsync(tail, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = head.Length + file.Length + tail.Length;
            return true;
        }
    }
}

/// <summary>The fault tests start and kill Servers of their own: they run alone, not beside the browser tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "Faults: the Server killed and restarted";
}
