using Revalidation.Core.Common;
using Revalidation.Core.NonEngagement;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.NonEngagement;

/// <summary>Issue 16, item 7: the staged non-engagement letters, in order, with reply-by dates five working days on.</summary>
public sealed class NonEngagementPathwayTests
{
    private static readonly DateOnly Wednesday = new(2026, 11, 25);

    private static NonEngagementPathway Pathway() => new DoctorBuilder().Build().NonEngagement;

    private static void Send(NonEngagementPathway p, int n, DateOnly on) =>
        ResultAssert.Succeeds(p.Send(n, $"Letter {n}", "Text", $"key-{n}", "u1", "Manager", on));

    [Theory]
    [InlineData("2026-11-25", "2026-12-02")] // Wednesday → next Wednesday
    [InlineData("2026-11-27", "2026-12-04")] // Friday → next Friday
    [InlineData("2026-11-28", "2026-12-04")] // Saturday → Friday
    public void ReplyBy_IsFiveWorkingDaysLater_WeekendsSkipped(string sent, string due) =>
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), WorkingDays.Add(DateOnly.Parse(sent, System.Globalization.CultureInfo.InvariantCulture), 5));

    [Fact]
    public void Letters_AreSentInOrder_TheNextOnlyAfterTheReplyByDatePassedOrAReplyRecorded()
    {
        var p = Pathway();
        ResultAssert.Breaks(p.CheckSend(1, Wednesday), RuleIds.NonEngagement, "episode");
        ResultAssert.Succeeds(p.Start(Guid.NewGuid(), NonEngagementReason.Appraisal, "2026/27", null, "u1", "Manager", Wednesday));
        ResultAssert.Breaks(p.Start(Guid.NewGuid(), NonEngagementReason.Appraisal, null, null, "u1", "Manager", Wednesday), RuleIds.NonEngagement, "episode");

        ResultAssert.Breaks(p.CheckSend(2, Wednesday), RuleIds.NonEngagement, "step");
        Send(p, 1, Wednesday);
        Assert.Equal(new DateOnly(2026, 12, 2), p.Open!.Step(1)!.ReplyDueBy);
        ResultAssert.Breaks(p.CheckSend(1, Wednesday), RuleIds.NonEngagement, "step");
        ResultAssert.Breaks(p.CheckSend(2, new DateOnly(2026, 12, 2)), RuleIds.NonEngagement, "step");
        ResultAssert.Succeeds(p.CheckSend(2, new DateOnly(2026, 12, 3)));

        // Or the reply (or its absence) recorded, with a note when none came.
        ResultAssert.Breaks(p.RecordReply(1, null, null, Wednesday), RuleIds.Validation, "note");
        ResultAssert.Breaks(p.RecordReply(1, Wednesday.AddDays(-1), null, Wednesday), RuleIds.Validation, "repliedOn");
        ResultAssert.Succeeds(p.RecordReply(1, null, "No reply", Wednesday));
        ResultAssert.Breaks(p.RecordReply(1, null, "Again", Wednesday), RuleIds.NonEngagement, "step");
        Send(p, 2, Wednesday);
        Assert.False(p.Open!.Exhausted);
        ResultAssert.Breaks(p.CheckSend(5, Wednesday), RuleIds.Validation, "step");
    }

    [Fact]
    public void AnEpisode_ReachingTheFourthLetterOrEscalated_CountsAsExhausted_AndClosesWithANote()
    {
        var p = Pathway();
        ResultAssert.Succeeds(p.Start(Guid.NewGuid(), NonEngagementReason.Revalidation, null, null, "u1", "RO", Wednesday));
        for (var n = 1; n <= 4; n++)
        {
            if (n > 1)
            {
                ResultAssert.Succeeds(p.RecordReply(n - 1, null, "None", Wednesday));
            }

            Send(p, n, Wednesday);
        }

        Assert.True(p.Open!.Exhausted);
        ResultAssert.Breaks(p.Close(NonEngagementOutcome.EscalatedToResponsibleOfficer, " ", Wednesday), RuleIds.Validation, "note");
        ResultAssert.Succeeds(p.Close(NonEngagementOutcome.EscalatedToResponsibleOfficer, "For the RO", Wednesday));
        Assert.Null(p.Open);
        Assert.True(p.Current!.Exhausted);

        // A new episode may start once the last is closed; the old one is kept.
        ResultAssert.Succeeds(p.Start(Guid.NewGuid(), NonEngagementReason.Appraisal, null, null, "u1", "RO", Wednesday));
        Assert.Equal(2, p.Episodes.Count);
    }

    [Theory]
    [InlineData("Dear {doctor nme}", "'{doctor nme}' is not a placeholder")]
    [InlineData("Reply by {reply by date", "is not closed")]
    [InlineData("Reply by reply by date}", "closing brace")]
    [InlineData("{Doctor Name}", "'{Doctor Name}' is not a placeholder")]
    public void ATemplate_WithAWrongPlaceholder_IsRefusedNamingTheField(string body, string expected)
    {
        var violation = ResultAssert.Breaks(LetterTemplates.Check("Subject", body), RuleIds.Validation, "body");
        Assert.Contains(expected, violation.Message, StringComparison.Ordinal);
        Assert.Contains("{doctor name}", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaults_UseOnlyKnownPlaceholders_AndRenderWithUkDates()
    {
        foreach (var t in LetterTemplates.Defaults)
        {
            ResultAssert.Succeeds(LetterTemplates.Check(t.Subject, t.Body));
        }

        var text = LetterTemplates.Render(LetterTemplates.Default(4).Body, new LetterValues("Dr A B", new DateOnly(2027, 1, 14), "2026/27", "Dr R O", "Demo Trust"));
        Assert.Contains("Please reply by 14 January 2027", text, StringComparison.Ordinal);
        Assert.Contains("Dr R O, Responsible officer, Demo Trust", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
    }
}
