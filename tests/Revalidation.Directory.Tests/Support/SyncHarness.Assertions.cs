using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Doctors;

namespace Revalidation.Directory.Tests.Support;

/// <summary>The harness's helpers that assert (xunit), kept out of SyncHarness.cs so the bench command can link that file.</summary>
public sealed partial class SyncHarness
{
    /// <summary>Runs a round, then moves the clock on a minute (so runs are ordered).</summary>
    public async Task<SyncRun> RunAsync(DirectorySyncService service, string sourceId, SyncMode mode = SyncMode.Incremental)
    {
        var result = await service.RunAsync(sourceId, mode, "test");
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(result.IsOk, result.Detail);
        return result.Value!;
    }

    public Task<DoctorRecord?> DoctorAsync(string directoryId, DesignatedBodyCode? body = null) =>
        Doctors.FindDoctorByDirectoryIdAsync(body ?? Body, directoryId);

    public async Task<DoctorRecord> RequireDoctorAsync(string directoryId, DesignatedBodyCode? body = null) =>
        await DoctorAsync(directoryId, body) ?? throw new Xunit.Sdk.XunitException($"No doctor with directory id {directoryId}.");
}
