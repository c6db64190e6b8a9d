using Revalidation.Core.Appraisals;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Evidence;
using Revalidation.Core.Readiness;
using Revalidation.Core.Recommendations;

namespace Revalidation.Api.Contracts;

/// <summary>Domain → API contracts. Persistence and domain types are never returned directly.</summary>
public static class Mapping
{
    public static DoctorResponse ToResponse(this DoctorRecord doctor, DateOnly today, RevalidationOptions options)
    {
        var summary = DoctorSummary.From(doctor);
        var readiness = ReadinessEvaluator.Evaluate(summary, today, options);
        CycleResponse? cycle = null;
        if (summary.Cycle is { } c)
        {
            var total = Math.Max(1, c.Rsd.DayNumber - c.Start.DayNumber);
            var progress = (int)Math.Clamp(Math.Round(100.0 * (today.DayNumber - c.Start.DayNumber) / total), 0, 100);
            cycle = new CycleResponse(
                c.Number, c.Start, c.Rsd, c.RsdConfirmed,
                CycleRules.ConnectionCheckDate(c.Rsd, options),
                CycleRules.NoticeStart(c.Rsd, options),
                CycleRules.GmcFinalWarningDate(c.Rsd, options),
                CycleRules.DaysUntil(c.Rsd, today),
                progress);
        }

        return new DoctorResponse(
            doctor.Id,
            doctor.GivenName,
            doctor.FamilyName,
            doctor.GmcNumber.Value,
            doctor.Email,
            doctor.Department,
            doctor.Specialty,
            doctor.Status.ToContract(),
            doctor.LeftOn,
            doctor.Concerns.UnderGmcInvestigation,
            doctor.Concerns.OpenLocalProcess,
            doctor.Appraisals.DueMonth,
            doctor.Appraisals.AppraiserId,
            cycle,
            doctor.Status == DoctorStatus.Active && CyclePosition.IsUnderNotice(summary, today, options),
            CyclePosition.IsOverdue(summary, today),
            readiness.ToResponse(options),
            AppraisalYears(doctor, summary, readiness, today, options),
            doctor.Recommendations.Open?.ToResponse(),
            doctor.ETag,
            doctor.Gmc.Connection is { } g
                ? new GmcConnectionResponse(g.CheckedOn, g.Connected, g.SubmissionDate, g.UnderNotice, g.Investigation, g.PreliminaryInvestigation, g.Sanction, g.DoctorStatus, g.DateAdded)
                : null,
            DoctorRules.For(doctor, today, options).ToResponse(),
            new TeamFactsResponse(doctor.CurrentCycle?.PatientFeedbackNotApplicable, doctor.Concerns.ResponsibleOfficerConflict,
                doctor.Concerns.AdditionalResponsibleOfficer?.ToResponse()),
            AppraisalRules.NextWindow(doctor.Appraisals) is { } window
                ? new AppraisalWindowResponse(window.From, window.To, window.Previous)
                : null);
    }

    /// <summary>Issue 16: a postponement or approved-missed request, its status in plain words.</summary>
    public static AppraisalYearRequestResponse ToResponse(this AppraisalYearRequest r, RevalidationOptions options) =>
        new(r.Id, r.Kind.ToContract(), r.Year, new AppraisalYear(r.Year, options.AppraisalYearStartMonth).Label, r.Reason, r.ProposedDate, r.AbsentFrom, r.AbsentTo,
            r.RequestedOn, r.Status.ToContract(), RequestStatusText(r), r.DecidedByName, r.DecidedByRole is null ? null : RoleName(r.DecidedByRole), r.DecidedOn,
            r.DeclineReason, r.Retrospective);

    private static string RequestStatusText(AppraisalYearRequest r) => r.Status switch
    {
        AppraisalRequestStatus.Pending => "Waiting for a decision",
        AppraisalRequestStatus.Approved when r.Retrospective => $"Approved on {Uk(r.DecidedOn)}, after the year ended",
        AppraisalRequestStatus.Approved => $"Approved on {Uk(r.DecidedOn)}",
        AppraisalRequestStatus.Declined => $"Declined on {Uk(r.DecidedOn)}",
        _ => $"Withdrawn on {Uk(r.DecidedOn)}",
    };

    private static string RoleName(string role) => role switch
    {
        "ResponsibleOfficer" => "responsible officer",
        "RevalidationManager" => "revalidation manager",
        _ => "revalidation team",
    };

    private static string Uk(DateOnly? date) => date?.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>R15: how the missed year was approved, in words; always says so when the approval came after the year ended.</summary>
    private static string? MissedApproval(Appraisal? appraisal) => appraisal is { IsApprovedMissed: true }
        ? (appraisal.MissedApprovedRetrospectively ? "Approved after the year ended" : "Approved before the year ended")
            + (appraisal.MissedApprovedOn is { } on ? $", on {Uk(on)}" : "")
            + (appraisal.MissedApprovedByRole is { } role ? $", by the {RoleName(role)}" : "")
            + (appraisal.MissedAbsentFrom is { } from ? $"; absent from {Uk(from)}" + (appraisal.MissedAbsentTo is { } to ? $" to {Uk(to)}" : "") : "")
        : null;

    public static DoctorRulesResponse ToResponse(this DoctorRules rules) =>
        new(rules.Deferral is { } d ? new DeferralBoundsResponse(d.Earliest, d.Latest, d.MinDays, d.MaxDays) : null,
            rules.DeferralWouldBeConsecutive,
            rules.Checklist.Select(g => new ChecklistGroupResponse(g.Heading, g.Year, g.Items.Select(i => new ChecklistItemResponse(i.Name, i.Done, i.Missing)).ToList())).ToList(),
            Core.Recommendations.NonEngagementAttestations.Criteria.Select(c => new StatementResponse(Camel(c.Field), c.Wording, c.WhereApplicable)).ToList(),
            Core.Recommendations.PositiveStatements.Statements.Select(s => new StatementResponse(Camel(s.Field), s.Wording, false)).ToList(),
            rules.RsdConfirmed,
            rules.RevalidationOnHold,
            new AppraisalYearRef(rules.CurrentAppraisalYear.StartYear, rules.CurrentAppraisalYear.Label),
            new AppraisalYearRef(rules.NewEvidenceYear.StartYear, rules.NewEvidenceYear.Label));

    private static string Camel(string name) => string.Concat(char.ToLowerInvariant(name[0]).ToString(), name[1..]);

    public static ReadinessResponse ToResponse(this ReadinessReport readiness, RevalidationOptions options) =>
        new(
            readiness.Ready,
            readiness.Gaps.Select(g => new GapResponse(g.Code, g.Rule, g.Year,
                g.Year is { } y ? new AppraisalYear(y, options.AppraisalYearStartMonth).Label : null, g.Message, g.SubReason?.ToContract(), g.Judgement)).ToList(),
            readiness.SuggestedDeferralReason?.ToContract(),
            readiness.SuggestedSubReasons.Select(r => r.ToContract()).ToList(),
            readiness.Advice.Select(a => new AdviceResponse(a.Year, a.Credits, a.Target, a.Message)).ToList());

    public static IReadOnlyList<AppraisalYearResponse> AppraisalYears(DoctorRecord doctor, DateOnly today, RevalidationOptions options)
    {
        var summary = DoctorSummary.From(doctor);
        return AppraisalYears(doctor, summary, ReadinessEvaluator.Evaluate(summary, today, options), today, options);
    }

    private static List<AppraisalYearResponse> AppraisalYears(DoctorRecord doctor, DoctorSummary summary, ReadinessReport readiness, DateOnly today, RevalidationOptions options)
    {
        // The cycle's years, plus any other year the doctor has records for (e.g. the previous cycle), never one after the RSD.
        var years = AppraisalRules.TimelineYears(readiness.Years.Select(y => y.Year), summary.Years.Select(y => y.Year), summary.Cycle, options.AppraisalYearStartMonth);
        return years.Select(year =>
        {
            var appraisal = doctor.Appraisals.For(year.StartYear);
            var declaration = doctor.Appraisals.DeclarationFor(year.StartYear);
            var status = AppraisalRules.Classify(summary.YearOf(year.StartYear), year, doctor.Appraisals.DueMonth, today, doctor.ConnectedOn);
            return new AppraisalYearResponse(
                year.StartYear,
                year.Label,
                status.ToContract(),
                AppraisalRules.AoaLabel(status),
                year.DueMonth(doctor.Appraisals.DueMonth).First,
                appraisal?.MeetingDate,
                appraisal?.SignedOffOn,
                appraisal?.PdpAgreed ?? false,
                appraisal?.MissedReason,
                declaration is null ? null : new DeclarationResponse(declaration.Probity, declaration.Health, declaration.NoSignificantEvents, declaration.NoComplimentsOrComplaints, declaration.DeclaredOn,
                    declaration.NothingToDeclare, declaration.ProbityDeclaration),
                doctor.Evidence.Items.Where(e => e.AppraisalYear == year.StartYear && !e.IsWithdrawn).Select(e => e.Type).Distinct().Order().Select(t => t.ToContract()).ToList(),
                Imported(appraisal),
                MissedApproval(appraisal),
                appraisal is { IsApprovedMissed: true, MissedApprovedRetrospectively: true },
                appraisal?.MeetingDate is { } meeting
                    ? AppraisalRules.WindowWarning(AppraisalRules.PreviousMeeting(doctor.Appraisals, year.StartYear, meeting), meeting)
                    : null);
        }).ToList();
    }

    /// <summary>Issue 16, item 6: where an imported appraisal came from, in words (null when it was recorded here).</summary>
    private static string? Imported(Appraisal? appraisal) => appraisal?.ImportedFrom switch
    {
        AppraisalSource.Toolkit => $"Imported from the appraisal toolkit (appraiser {appraisal.AppraiserName})",
        AppraisalSource.PreviousBody => $"Imported: appraised at a previous designated body (appraiser {appraisal.AppraiserName})",
        _ => null,
    };

    public static RecommendationResponse ToResponse(this Recommendation r) =>
        new(r.Id, r.CycleNumber, r.Type.ToContract(), r.Status.ToContract(), r.Details.DeferralReason?.ToContract(), r.Details.DeferralSubReason?.ToContract(), r.Details.ProposedRsd,
            r.Details.Attestations?.ToContract(), r.Details.Comments, r.Details.ConsecutiveDeferralJustification, r.CreatedAt, r.CreatedBy,
            r.SubmittedOn, r.SubmittedBy, r.RsdAtSubmission, r.OutcomeOn, r.GmcRecommendationId,
            r.GmcSubmission is { } g ? new GmcSubmissionResponse(g.State.ToContract(), g.ClientRequestId, g.QueuedAt, g.Attempts, g.NextAttemptAt, g.ReturnCode,
                g.ReturnCodeMeaning ?? (g.ReturnCode is null ? null : Core.Gmc.GmcReturnCodes.Describe(g.ReturnCode).Meaning), g.SubmittedAt, g.LastError, g.GmcStatus, g.LastCheckedAt,
                Core.Gmc.GmcReturnCodes.Describe(g.ReturnCode).Kind == Core.Gmc.GmcCodeKind.Unknown) : null,
            r.Details.ElaConsultedOn, r.Details.GapAcknowledgements?.Select(x => x.ToContract()).ToList(), r.Details.Statements?.ToContract(), r.Snapshot?.ToContract(), r.Refusals.Select(x => x.ToContract()).ToList(),
            r.HoldEndsAt, r.HoldEndsAt is { } ends ? RecommendationHistory.UkTime(ends) : null,
            r.ReadyForResponsibleOfficer is { } ready ? new ReadyMarkResponse(ready.Name, ready.Role, ready.At) : null);

    public static NoteResponse ToResponse(this DecisionNote n) => new(n.Id, n.RecommendationId, n.Text, n.AuthorName, n.AuthorRole, n.At);

    public static EvidenceResponse ToResponse(this EvidenceItem e) =>
        new(e.Id, e.Type.ToContract(), e.Title, e.ActivityDate, e.AppraisalYear, e.CpdCredits, e.Reflection, e.File?.FileName, e.File?.ContentType,
            e.File?.SizeBytes, e.File?.Sha256, e.Locked, e.WithdrawnOn, e.AddedAt);

    public static AuditEventResponse ToResponse(this AuditEvent a) =>
        new(a.Id, a.DoctorId, a.ActorId, a.ActorRole, a.Action, a.Summary, a.OccurredAt, a.Change);

    public static StaffResponse ToResponse(this StaffMember s) => new(s.UserId, s.Name, s.Email, s.GmcNumber);

    public static DesignatedBodyResponse ToResponse(this DesignatedBody b) =>
        new(b.Code.Value, b.Name, b.ResponsibleOfficer?.ToResponse(), b.MedicalDirectorEmail, b.AdminEmail, b.Appraisers.Select(a => a.ToResponse()).ToList(), b.ETag, b.ManagerMaySend);

    public static DeadLetterResponse ToDeadLetterResponse(this Core.Alerts.AlertRecord a) =>
        new(a.Key, a.Code, a.Recipient.ToString(), a.DoctorId, a.DueOn, a.CreatedAt, a.Delivery.Attempts, a.Delivery.LastError, a.Delivery.DeadLetteredAt);
}
