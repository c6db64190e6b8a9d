using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Revalidation.Core.Audit;
using Revalidation.Core.Caseload;
using Revalidation.Core.Common;
using Revalidation.Core.Store;
using Revalidation.Server.Demo;

namespace Revalidation.Benchmarks.Api;

/// <summary>What the seeded body holds, as the caseload's tags count it on the day.</summary>
internal sealed record BodyMix(int Doctors, int Active, int UnderNotice, int Ready, int Overdue, int Submitted, int Deferred, int Leavers, TimeSpan SeedTime)
{
    public string Describe() =>
        $"{Doctors:N0} doctors ({Active:N0} active, {Leavers:N0} leavers; {UnderNotice:N0} under notice, {Ready:N0} ready, " +
        $"{Overdue:N0} overdue, {Submitted:N0} with a recommendation at the GMC, {Deferred:N0} deferred this cycle)";
}

/// <summary>
/// Fills the demo designated body with a large caseload through the domain: the demo seeder's own mix of
/// states, repeated with distinct GMC numbers and directory ids, each doctor saved through the store port.
/// </summary>
internal static class LargeBody
{
    public static async Task<BodyMix> SeedAsync(BenchServer server, int doctors)
    {
        var services = server.Services;
        var seeder = services.GetRequiredService<DemoSeeder>();
        var store = services.GetRequiredService<IDoctorStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var options = services.GetRequiredService<IOptions<RevalidationOptions>>().Value;
        var today = UkCalendar.Today(time);
        var clock = Stopwatch.StartNew();

        // The body, its RO and appraiser, and the first demo doctors; then the rest of the same sequence.
        var seeded = await seeder.SeedIfEmptyAsync();
        if (seeded != DemoSeeder.DemoDoctorCount)
        {
            throw new InvalidOperationException("The bench needs an empty store.");
        }

        var now = time.GetUtcNow();
        foreach (var doctor in seeder.BuildDoctors(today, doctors).Skip(seeded))
        {
            var audit = AuditEvent.Create(DemoSeeder.DemoBody, doctor.Id, Actor.System, "doctor.seeded", "Benchmark doctor seeded", now);
            var outcome = await store.SaveDoctorAsync(doctor, [audit]);
            if (!outcome.Saved)
            {
                throw new InvalidOperationException($"Could not save a benchmark doctor: {outcome.Status}.");
            }
        }

        var seedTime = clock.Elapsed;
        var rows = (await store.ListDoctorSummariesAsync(DemoSeeder.DemoBody)).Select(s => CaseloadRow.From(s, today, options)).ToList();
        if (rows.Count != doctors)
        {
            throw new InvalidOperationException($"Expected {doctors} doctors in the body, found {rows.Count}.");
        }

        int Tagged(string tag) => rows.Count(r => r.Tags.Contains(tag));
        return new BodyMix(
            rows.Count,
            rows.Count(r => r.Status == DoctorStatus.Active),
            Tagged(CaseloadTags.UnderNotice),
            rows.Count(r => r.Status == DoctorStatus.Active && r.Ready),
            Tagged(CaseloadTags.Overdue),
            Tagged(CaseloadTags.Submitted),
            Tagged(CaseloadTags.Deferred),
            Tagged(CaseloadTags.Leaver),
            seedTime);
    }
}
