using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;
using Revalidation.Directory.Tests.Support;

namespace Revalidation.Directory.Tests.Engine;

public sealed class ConcurrencyTests : IAsyncLifetime
{
    private SyncHarness harness = null!;

    public async Task InitializeAsync() => harness = await SyncHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task RunAsync_WhenTheRecordChangesBetweenReadAndSave_RereadsAndReappliesKeepingBothChanges()
    {
        var source = harness.FileSource("esr.csv", "id,gmc_number,given_name,family_name,department\nE1,7000001,Ada,Lovelace,Cardiology\n");
        var service = harness.Service(source);
        await harness.RunAsync(service, "esr");
        var interfering = new InterferingStore(harness.Doctors, times: 3); // the default allows 3 retries
        harness.EngineDoctors = interfering;
        service = harness.Service(source);
        harness.FileSource("esr.csv", "id,gmc_number,given_name,family_name,department\nE1,7000001,Ada,Lovelace,Oncology\n");

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal((SyncRunStatus.Succeeded, 1), (run.Status, run.Totals.Updated));
        Assert.Equal(3, interfering.Interfered);
        var doctor = await harness.RequireDoctorAsync("E1");
        Assert.Equal(("Oncology", true), (doctor.Department, doctor.Concerns.OpenLocalProcess));
    }

    [Fact]
    public async Task RunAsync_WhenTheRecordKeepsChanging_FailsTheRoundWithoutAdvancingTheCursor()
    {
        var source = harness.FileSource("esr.csv", "id,gmc_number,given_name,family_name,department\nE1,7000001,Ada,Lovelace,Cardiology\n");
        var service = harness.Service(source);
        await harness.RunAsync(service, "esr");
        var cursor = await harness.SyncStore.GetCursorAsync("esr");
        harness.EngineDoctors = new InterferingStore(harness.Doctors, times: 100);
        service = harness.Service(source);
        harness.FileSource("esr.csv", "id,gmc_number,given_name,family_name,department\nE1,7000001,Ada,Lovelace,Oncology\n");

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Equal(cursor, await harness.SyncStore.GetCursorAsync("esr"));
    }

    /// <summary>Before forwarding a save of an existing doctor, changes that doctor behind the engine's back (a concurrent RO edit).</summary>
    private sealed class InterferingStore(IDoctorStore inner, int times) : IDoctorStore
    {
        public int Interfered { get; private set; }

        public async Task<SaveOutcome> SaveDoctorAsync(DoctorRecord doctor, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
        {
            if (doctor.ETag is not null && Interfered < times)
            {
                Interfered++;
                var other = (await inner.GetDoctorAsync(doctor.DesignatedBody, doctor.Id, cancellationToken))!;
                Assert.True(other.Concerns.SetOpenLocalProcess(!other.Concerns.OpenLocalProcess).IsSuccess);
                Assert.True((await inner.SaveDoctorAsync(other, [], cancellationToken)).Saved);
            }

            return await inner.SaveDoctorAsync(doctor, audit, cancellationToken);
        }

        public Task<DoctorRecord?> GetDoctorAsync(DesignatedBodyCode body, Guid doctorId, CancellationToken cancellationToken = default) => inner.GetDoctorAsync(body, doctorId, cancellationToken);

        public Task<DoctorRecord?> FindDoctorByGmcNumberAsync(DesignatedBodyCode body, GmcNumber gmcNumber, CancellationToken cancellationToken = default) =>
            inner.FindDoctorByGmcNumberAsync(body, gmcNumber, cancellationToken);

        public Task<DoctorRecord?> FindDoctorByDirectoryIdAsync(DesignatedBodyCode body, string directoryId, CancellationToken cancellationToken = default) =>
            inner.FindDoctorByDirectoryIdAsync(body, directoryId, cancellationToken);

        public Task<IReadOnlyList<DoctorSummary>> ListDoctorSummariesAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default) =>
            inner.ListDoctorSummariesAsync(body, cancellationToken);
    }
}
