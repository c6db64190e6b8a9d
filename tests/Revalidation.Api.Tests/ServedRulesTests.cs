using System.Net;
using System.Net.Http.Json;
using Revalidation.Api.Contracts;

namespace Revalidation.Api.Tests;

/// <summary>
/// A Server configured with other "Revalidation:Rules" serves those rules to the browser in the doctor's record
/// (docs/decisions/0015-record-parts-write-path-ports.md), and enforces the same: R8 bounds, the consecutive deferral, R16/R17.
/// </summary>
public sealed class ServedRulesTests : IDisposable
{
    private static readonly int[] ReminderDays = [90, 60, 30, 14];

    private readonly ApiFactory factory = new();

    public ServedRulesTests()
    {
        factory.Settings["Revalidation:Rules:NoticeWindowDays"] = "90";
        factory.Settings["Revalidation:Rules:DeferralMinDays"] = "30";
        factory.Settings["Revalidation:Rules:DeferralMaxDays"] = "200";

        // The RO's reminders fall within the notice window (docs/domain.md#alerts).
        foreach (var (i, days) in ReminderDays.Index())
        {
            factory.Settings[$"Revalidation:Rules:ResponsibleOfficerReminderDays:{i}"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    [Trait("Rule", "R8")]
    public async Task Doctor_ServesTheConfiguredDeferralBounds_AndTheApiEnforcesThem()
    {
        var options = factory.Options();
        Assert.Equal((90, 30, 200), (options.NoticeWindowDays, options.DeferralMinDays, options.DeferralMaxDays));
        Assert.Equal(ReminderDays, options.ResponsibleOfficerReminderDays);
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        var rsd = doctor.CurrentCycle!.Rsd;
        using var ro = factory.ResponsibleOfficer();

        var record = (await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!;

        Assert.Equal(new DeferralBoundsResponse(rsd.AddDays(30), rsd.AddDays(200), 30, 200), record.Rules!.Deferral);
        Assert.False(record.Rules.DeferralWouldBeConsecutive);
        Assert.Equal(rsd.AddDays(-90), record.Cycle!.NoticeStart);

        using var tooLate = await ro.DraftAsync(doctor.Id, Recommend.Defer(rsd.AddDays(201)));
        (await tooLate.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule("R8", "proposedRsd");
        using var tooEarly = await ro.DraftAsync(doctor.Id, Recommend.Defer(rsd.AddDays(29)));
        (await tooEarly.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule("R8", "proposedRsd");
        using var earliest = await ro.DraftAsync(doctor.Id, Recommend.Defer(rsd.AddDays(30)));
        Assert.Equal(HttpStatusCode.Created, earliest.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R8")]
    public async Task Doctor_AfterAnApprovedDeferral_SaysTheNextWouldBeConsecutive_WithTheMovedBounds()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        var rsd = doctor.CurrentCycle!.Rsd;
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Defer(rsd.AddDays(100)));
        using var submitted = await ro.SubmitAsync(doctor.Id, draft.Id);
        using var approved = await ro.OutcomeAsync(doctor.Id, draft.Id, new { outcome = "Approved" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var record = (await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!;

        Assert.True(record.Rules!.DeferralWouldBeConsecutive);
        var moved = record.Cycle!.Rsd;
        Assert.Equal(rsd.AddDays(100), moved);
        Assert.Equal(new DeferralBoundsResponse(moved.AddDays(30), moved.AddDays(200), 30, 200), record.Rules.Deferral);
    }

    [Fact]
    [Trait("Rule", "R16")]
    [Trait("Rule", "R17")]
    public async Task Doctor_ServesTheChecklist_ToTheDoctorAndTheRo()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var self = factory.ClientFor(doctor);
        using var ro = factory.ResponsibleOfficer();

        foreach (var client in new[] { self, ro })
        {
            var record = (await client.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!;
            var checklist = record.Rules!.Checklist;
            Assert.Equal(("Once in each 5-year cycle", (int?)null, 3), (checklist[0].Heading, checklist[0].Year, checklist[0].MissingCount));
            Assert.Contains(checklist, g => g.Heading == "Appraisal year 2026/27" && g.Items.Any(i => i.Name == "CPD" && i.Missing == "Add CPD for 2026/27."));
        }
    }
}
