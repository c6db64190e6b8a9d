using System.Text.Json;
using System.Text.Json.Nodes;
using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.Store;

namespace Revalidation.Core.Tests.Alerts;

/// <summary>Typed alerts (docs/decisions/0017): one template per kind, plain English counts, and alerts of the first release read typed.</summary>
public sealed class TypedAlertTests
{
    [Fact]
    public void Templates_HaveOneEntryForEveryKind()
    {
        Assert.Equal(Enum.GetValues<AlertKind>().Order(), AlertTemplates.All.Keys.Order());
    }

    [Theory]
    [InlineData(0, "day", "0 days")]
    [InlineData(1, "day", "1 day")]
    [InlineData(2, "day", "2 days")]
    [InlineData(1, "gap", "1 gap")]
    [InlineData(3, "gap", "3 gaps")]
    public void Count_AgreesWithItsNoun(int n, string noun, string expected) => Assert.Equal(expected, AlertEnglish.Count(n, noun));

    [Theory]
    [InlineData(null, "not assessed")]
    [InlineData(0, "ready")]
    [InlineData(1, "1 gap")]
    [InlineData(2, "2 gaps")]
    public void Readiness_IsPlainEnglish(int? gaps, string expected) => Assert.Equal(expected, AlertEnglish.Readiness(gaps));

    [Theory]
    [InlineData(RecommendationType.Revalidate, "revalidation")]
    [InlineData(RecommendationType.Defer, "deferral")]
    [InlineData(RecommendationType.NonEngagement, "non-engagement")]
    public void Recommendation_IsNotAnEnumName(RecommendationType type, string expected) => Assert.Equal(expected, AlertEnglish.Recommendation(type));

    [Fact]
    public void Code_IsWhatTheFirstReleaseStoredAsTheKind()
    {
        Assert.Equal("ro-rsd-60d", AlertTemplates.Code(AlertKind.ResponsibleOfficerReminder, new AlertFacts { DaysBefore = 60 }));
        Assert.Equal("appraisal-30d", AlertTemplates.Code(AlertKind.AppraisalReminder, new AlertFacts { DaysBefore = 30 }));
        Assert.Equal("ro-leaver", AlertTemplates.Code(AlertKind.Leaver, AlertFacts.None));
    }

    public static TheoryData<string, string?, string, AlertKind, AlertFacts> FirstRelease()
    {
        var recommendation = Guid.NewGuid();
        var figures = new DigestFigures(new DateOnly(2027, 1, 4), 2, 1, 1, 0, 0, "2026/27", 1, 0);
        return new()
        {
            { "connection-check", null, "RDB01/abc/cycle-2/doctor/connection-check", AlertKind.ConnectionCheck, new AlertFacts { CycleNumber = 2 } },
            { "appraisal-60d", "2026/27", "RDB01/abc/year-2026/doctor/appraisal-60d", AlertKind.AppraisalReminder, new AlertFacts { DaysBefore = 60, AppraisalYear = "2026/27" } },
            { "appraisal-overdue", "2026/27", "k", AlertKind.AppraisalOverdue, new AlertFacts { AppraisalYear = "2026/27" } },
            { "doctor-gaps", "1 gap(s)", "RDB01/abc/cycle-1/doctor/gaps-x", AlertKind.DoctorGaps, new AlertFacts { CycleNumber = 1, Gaps = 1 } },
            { "ro-rsd-120d", "ready", "RDB01/abc/cycle-1/rsd-20270209/ro/120d", AlertKind.ResponsibleOfficerReminder, new AlertFacts { CycleNumber = 1, DaysBefore = 120, Gaps = 0 } },
            { "ro-rsd-30d", null, "RDB01/abc/cycle-1/rsd-20270209/ro/30d", AlertKind.ResponsibleOfficerReminder, new AlertFacts { CycleNumber = 1, DaysBefore = 30 } },
            { "ro-rsd-overdue", "3 gap(s)", "RDB01/abc/cycle-1/rsd-20270209/ro/overdue", AlertKind.ResponsibleOfficerOverdue, new AlertFacts { CycleNumber = 1, Gaps = 3 } },
            { "md-rsd-passed", null, "RDB01/abc/cycle-1/rsd-20270209/md/rsd-passed", AlertKind.RsdPassed, new AlertFacts { CycleNumber = 1 } },
            { "ro-leaver", "The doctor has left: remove the prescribed connection in GMC Connect (R13).", "k", AlertKind.Leaver, AlertFacts.None },
            { "weekly-digest", System.Text.Json.JsonSerializer.Serialize(figures, StoreJson.Options), "k", AlertKind.WeeklyDigest, new AlertFacts { Digest = figures } },
            { "admin-dead-letter", "ro-rsd-60d", "k/admin/dead-lettered", AlertKind.DeadLetterNotice, new AlertFacts { UndeliveredKind = AlertKind.ResponsibleOfficerReminder } },
            { "ro-gmc-approved", "NonEngagement", $"RDB01/abc/recommendation-{recommendation:N}/ro/gmc-approved", AlertKind.GmcApproved, new AlertFacts { RecommendationId = recommendation, RecommendationType = RecommendationType.NonEngagement } },
            { "ro-gmc-rejected", "Defer", "k", AlertKind.GmcRejected, new AlertFacts { RecommendationType = RecommendationType.Defer } },
            { "ro-gmc-refused", "code 91: Already open.", $"RDB01/abc/recommendation-{recommendation:N}/ro/gmc-refused", AlertKind.GmcRefused, new AlertFacts { RecommendationId = recommendation, GmcCode = "91", GmcMeaning = "Already open." } },
            { "admin-gmc-configuration", "code 98: Bad password.", "k", AlertKind.GmcConfiguration, new AlertFacts { GmcCode = "98", GmcMeaning = "Bad password." } },
        };
    }

    [Theory]
    [MemberData(nameof(FirstRelease))]
    public void Upgrade_ReadsAFirstReleaseAlertTyped(string code, string? detail, string key, AlertKind kind, AlertFacts facts)
    {
        var stored = new JsonObject { ["key"] = key, ["kind"] = code, ["detail"] = detail };

        var upgraded = DocumentSchemas.Current.Alert.Upgrade(stored);

        Assert.Equal(2, DocumentSchema.VersionOf(upgraded));
        Assert.Equal(kind.ToString(), upgraded["kind"]!.GetValue<string>());
        Assert.False(upgraded.ContainsKey("detail"));
        Assert.Equal(facts, upgraded["facts"].Deserialize<AlertFacts>(StoreJson.Options));
        Assert.Equal(key, upgraded["key"]!.GetValue<string>());
    }

    [Fact]
    public void Upgrade_RefusesAKindItDoesNotKnow()
    {
        Assert.Throws<InvalidDataException>(() => DocumentSchemas.Current.Alert.Upgrade(new JsonObject { ["key"] = "k", ["kind"] = "ro-something-else" }));
    }
}
