using Revalidation.Core.Appraisals;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Doctors;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Store;

namespace Revalidation.Server.Demo;

/// <summary>The states a demo doctor is put in, so that every screen and rule has something to show.</summary>
public enum DemoProfile
{
    OnTrack,
    UnderNoticeReady,
    UnderNoticeGaps,
    MissedAppraisalUnapproved,
    ApprovedMissed,
    Overdue,
    Submitted,
    Deferred,
    AppraisalOverdueThisYear,
    Leaver,
    GmcInvestigation,
    LocalProcess,
}

/// <summary>
/// Seeds a demo designated body of 60 fictional doctors in varied states relative to today. The doctors' identities
/// come from the demo directory file (<c>Demo/demo-directory.csv</c>, directory source <see cref="DirectorySourceId"/>)
/// through the directory sync engine, exactly as an ESR export would; then the revalidation history (cycles,
/// appraisals, evidence, recommendations, flags) is added through the domain's own methods, so every record obeys the
/// rules. The two leavers are inactive in the file (the engine does not create a doctor it first meets as a leaver),
/// so they are created here with their history. Deterministic for a given day.
/// </summary>
public sealed class DemoSeeder(IDesignatedBodyStore bodies, DesignatedBodyService bodyService, IDoctorStore doctors, DoctorRecordService records, DirectorySyncService directory, IDirectorySyncStore directoryStore, TimeProvider time, RevalidationOptions options)
{
    public static readonly DesignatedBodyCode DemoBody = DesignatedBodyCode.Parse("1-DEMO01");

    /// <summary>The directory source of the demo file ("Directory:Sources:demo", Development settings).</summary>
    public const string DirectorySourceId = "demo";

    public static readonly StaffMember ResponsibleOfficer = new("demo-ro", "Dr Alex Morgan", "ro@demo-trust.example", "4000001");

    /// <summary>Issue 16: the RO's revalidation manager (prepares, never decides).</summary>
    public static readonly StaffMember RevalidationManager = new("demo-manager", "Jo Clarke", "revalidation.manager@demo-trust.example");

    public static readonly StaffMember Appraiser = new("demo-appraiser", "Dr Sam Patel", "appraiser@demo-trust.example", "4000002");

    /// <summary>The doctor persona: the first doctor seeded under notice with gaps.</summary>
    public const int DoctorPersonaIndex = 25;

    public static string DoctorPersonaId => DirectoryIdOf(DoctorPersonaIndex);

    public static string DoctorPersonaName => $"Dr {GivenNameOf(DoctorPersonaIndex)} {FamilyNameOf(DoctorPersonaIndex)}";

    private static readonly string[] GivenNames =
        ["Amara", "Ben", "Chloe", "Daniel", "Efua", "Fiona", "George", "Hannah", "Imran", "Jade", "Kwame", "Laura", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sofia", "Tom", "Uma"];

    private static readonly string[] FamilyNames =
        ["Adebayo", "Brown", "Chen", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis", "Murphy", "Nowak", "O'Brien", "Patel", "Quinn", "Roberts", "Singh", "Taylor"];

    private static readonly string[] Departments =
        ["Emergency Medicine", "General Surgery", "Paediatrics", "Psychiatry", "Radiology", "Anaesthetics"];

    private static readonly (DemoProfile Profile, int Count)[] Mix =
    [
        (DemoProfile.OnTrack, 18),
        (DemoProfile.UnderNoticeReady, 7),
        (DemoProfile.UnderNoticeGaps, 7),
        (DemoProfile.MissedAppraisalUnapproved, 3),
        (DemoProfile.ApprovedMissed, 4),
        (DemoProfile.Overdue, 3),
        (DemoProfile.Submitted, 4),
        (DemoProfile.Deferred, 4),
        (DemoProfile.AppraisalOverdueThisYear, 4),
        (DemoProfile.Leaver, 2),
        (DemoProfile.GmcInvestigation, 2),
        (DemoProfile.LocalProcess, 2),
    ];

    /// <summary>Seeds the demo body if the store has none. Returns the number of doctors created.</summary>
    public async Task<int> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await bodies.GetDesignatedBodyAsync(DemoBody, cancellationToken) is not null)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var body = Require(DesignatedBody.Create(DemoBody, "Demo NHS Foundation Trust", ResponsibleOfficer));
        Check(body.AddAppraiser(Appraiser));
        Check(body.SetContacts("medical.director@demo-trust.example", "revalidation.admin@demo-trust.example"));
        var saved = await bodyService.CreateAsync(body, Actor.System, new AuditNote("designated-body.created", "Demo designated body seeded"), cancellationToken);
        if (!saved.IsOk)
        {
            throw new InvalidOperationException($"Could not seed the demo designated body: {saved.Detail}");
        }

        // The directory first: the demo file through the same sync engine as any export.
        var synced = await directory.RunAsync(DirectorySourceId, SyncMode.Full, "demo-seed", cancellationToken);
        if (!synced.IsOk || synced.Value!.Status != SyncRunStatus.Succeeded)
        {
            throw new InvalidOperationException($"Could not import the demo directory (source '{DirectorySourceId}'): {synced.Detail ?? synced.Value?.Error}");
        }

        var count = 0;
        var today = UkCalendar.Today(time);
        var random = new Random(20_261_125);
        foreach (var (index, profile) in Profiles())
        {
            var imported = await doctors.FindDoctorByDirectoryIdAsync(DemoBody, DirectoryIdOf(index), cancellationToken);
            var doctor = BuildDoctor(index, profile, today, random, imported);
            // A doctor who left before the export is created; an imported one gets its seeded history as one audited change.
            var outcome = imported is null
                ? await records.CreateAsync(doctor, Actor.System, new AuditNote("doctor.seeded", "Demo doctor seeded (left before the directory export)"), cancellationToken)
                : await records.ChangeAsync(DemoBody, doctor.Id, Actor.System, new DoctorChange("doctor.demo-history-seeded", _ => Result.Success,
                    _ => "Demo revalidation history seeded (cycle, appraisals, evidence, recommendations)"), ifMatch: doctor.ETag, loaded: doctor, cancellationToken: cancellationToken);
            if (!outcome.IsOk)
            {
                throw new InvalidOperationException($"Could not seed a demo doctor: {outcome.Status} {outcome.Detail}");
            }

            count++;
        }

        // The seeded history carries the GMC's dates: the import's "RSD to confirm" entries are done.
        foreach (var issue in await directoryStore.ListIssuesAsync(DemoBody, new DataQualityIssueQuery(DataQualityIssueStatus.Open, DirectorySourceId, 1_000), cancellationToken))
        {
            if (issue.Kind == DataQualityIssueKind.RsdToConfirm)
            {
                await directoryStore.ResolveIssueAsync(DemoBody, issue.Id, Actor.System.UserId, "Demo: the GMC's date was entered with the seeded history.", now, cancellationToken);
            }
        }

        return count;
    }

    /// <summary>Most doctors <see cref="BuildDoctors(DateOnly, int)"/> makes (distinct GMC numbers below it).</summary>
    public const int MaxDoctors = 1_000_000;

    /// <summary>The number of doctors in the demo body.</summary>
    public static int DoctorCount => Mix.Sum(m => m.Count);

    /// <summary>Alias kept for the bench command.</summary>
    public static int DemoDoctorCount => DoctorCount;

    /// <summary>The demo doctors as of <paramref name="today"/>, with the identities the seeder gives them (those of the demo directory file).</summary>
    public IEnumerable<DoctorRecord> BuildDoctors(DateOnly today) => BuildDoctors(today, DoctorCount);

    /// <summary>
    /// <paramref name="count"/> doctors of the demo body as of <paramref name="today"/>, in the demo's mix of
    /// states repeated as often as needed (a large body for benchmarks), each with its own GMC number and
    /// directory id. The first <see cref="DoctorCount"/> are the demo doctors.
    /// </summary>
    public IEnumerable<DoctorRecord> BuildDoctors(DateOnly today, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxDoctors);
        var random = new Random(20_261_125);
        foreach (var (index, profile) in Profiles(count))
        {
            yield return BuildDoctor(index, profile, today, random, null);
        }
    }

    /// <summary>The row of the demo directory file for doctor <paramref name="index"/> (id, GMC number, names, email, department, active).</summary>
    public static (string Id, string GmcNumber, string GivenName, string FamilyName, string Email, string Department, bool Active) DirectoryIdentity(int index) =>
        (DirectoryIdOf(index), GmcOf(index), GivenNameOf(index), FamilyNameOf(index), EmailOf(index), Departments[index % Departments.Length],
            Profiles().Single(p => p.Index == index).Profile != DemoProfile.Leaver);

    private static IEnumerable<(int Index, DemoProfile Profile)> Profiles() => Profiles(DoctorCount);

    private static IEnumerable<(int Index, DemoProfile Profile)> Profiles(int count)
    {
        var index = 0;
        while (index < count)
        {
            foreach (var (profile, inMix) in Mix)
            {
                for (var i = 0; i < inMix && index < count; i++, index++)
                {
                    yield return (index, profile);
                }
            }
        }
    }

    /// <param name="imported">The record the directory import created for this doctor: its id and identity are kept.</param>
    private DoctorRecord BuildDoctor(int index, DemoProfile profile, DateOnly today, Random random, DoctorRecord? imported)
    {
        var notice = options.NoticeWindowDays;
        var rsd = profile switch
        {
            DemoProfile.OnTrack or DemoProfile.ApprovedMissed or DemoProfile.AppraisalOverdueThisYear or DemoProfile.Leaver
                => today.AddDays(random.Next(notice + 10, 5 * 365 - 30)),
            DemoProfile.UnderNoticeReady or DemoProfile.UnderNoticeGaps or DemoProfile.GmcInvestigation or DemoProfile.LocalProcess
                => today.AddDays(random.Next(5, notice)),
            DemoProfile.MissedAppraisalUnapproved => today.AddDays(random.Next(notice + 10, 900)),
            DemoProfile.Overdue => today.AddDays(-random.Next(3, 40)),
            DemoProfile.Submitted => today.AddDays(random.Next(5, 60)),
            DemoProfile.Deferred => today.AddDays(-random.Next(20, 50)),
            _ => throw new ArgumentOutOfRangeException(nameof(profile)),
        };
        var dueMonth = random.Next(1, 13);
        var doctor = Require(DoctorRecord.Create(
            DemoBody,
            imported?.GmcNumber ?? GmcNumber.Parse(GmcOf(index)),
            imported?.GivenName ?? GivenNameOf(index),
            imported?.FamilyName ?? FamilyNameOf(index),
            rsd,
            rsdConfirmed: true,
            dueMonth,
            options,
            email: imported is null ? EmailOf(index) : imported.Email,
            department: imported is null ? Departments[index % Departments.Length] : imported.Department,
            specialty: imported?.Specialty,
            directoryId: DirectoryIdOf(index),
            id: imported?.Id));
        if (imported?.ETag is { } etag)
        {
            doctor.MarkPersisted(etag); // an update of the imported record, not a second record
        }

        Check(doctor.Appraisals.AssignAppraiser(Appraiser.UserId));

        var cycle = doctor.CurrentCycle!;
        var cycleFacts = new Core.Readiness.CycleFacts(cycle.Number, cycle.StartDate, cycle.Rsd, cycle.RsdConfirmed);
        // Appraisal history from the cycle start, or two years back for doctors early in a new cycle.
        var historyStart = cycle.StartDate < today.AddYears(-2) ? cycle.StartDate : today.AddYears(-2);
        var years = AppraisalRules.YearsOfCycle(cycleFacts with { Start = historyStart }, dueMonth, options);
        var missedYear = profile is DemoProfile.MissedAppraisalUnapproved or DemoProfile.ApprovedMissed or DemoProfile.UnderNoticeGaps
            ? years.Where(y => y.End < today).Select(y => (int?)y.StartYear).LastOrDefault()
            : null;

        var cycleEvidenceAdded = false;
        foreach (var year in years)
        {
            var (first, last) = year.DueMonth(dueMonth);
            var meeting = first.AddDays(random.Next(0, last.Day));
            if (meeting >= today)
            {
                continue; // not held yet
            }

            if (profile == DemoProfile.AppraisalOverdueThisYear && year.Contains(today))
            {
                continue; // the due month passed without an appraisal
            }

            if (year.StartYear == missedYear)
            {
                if (profile == DemoProfile.ApprovedMissed)
                {
                    Check(doctor.Appraisals.ApproveMissed(year, "Parental leave", ResponsibleOfficer.UserId, year.End < today ? year.End : today));
                }

                continue;
            }

            var at = meeting.AddDays(-14) < year.Start ? year.Start : meeting.AddDays(-14);
            AddEvidence(doctor, SupportingInformationType.ContinuingProfessionalDevelopment, "Annual CPD log", at, year, random.Next(35, 65));
            if (random.Next(3) == 0)
            {
                AddEvidence(doctor, SupportingInformationType.SignificantEvents, "Reflection on a significant event", at, year, null);
            }

            if (random.Next(3) == 0)
            {
                AddEvidence(doctor, SupportingInformationType.ComplimentsAndComplaints, "Compliments received", at, year, null);
            }

            // R17: the once-a-cycle items, brought to one appraisal of the cycle.
            if (!cycleEvidenceAdded && at >= cycle.StartDate)
            {
                AddEvidence(doctor, SupportingInformationType.QualityImprovementActivity, "Clinical audit: sepsis pathway", at, year, 5);
                AddEvidence(doctor, SupportingInformationType.PatientFeedback, "Patient feedback survey", at, year, null);
                if (profile is not (DemoProfile.UnderNoticeGaps or DemoProfile.Deferred))
                {
                    AddEvidence(doctor, SupportingInformationType.ColleagueFeedback, "Multi-source colleague feedback", at, year, null);
                }

                cycleEvidenceAdded = true;
            }

            Check(doctor.Appraisals.Declare(year, probity: true, health: true, noSignificantEvents: true, noComplimentsOrComplaints: true, at));
            Check(doctor.Appraisals.Record(year, meeting, signOff: true, pdpAgreed: true, Appraiser.UserId, meeting));
        }

        ApplyProfileState(doctor, profile, today, random);
        return doctor;
    }

    private void ApplyProfileState(DoctorRecord doctor, DemoProfile profile, DateOnly today, Random random)
    {
        var now = UkCalendar.StartOfDay(today).AddHours(9);
        switch (profile)
        {
            case DemoProfile.Leaver:
                Check(doctor.MarkLeaver(today.AddDays(-random.Next(1, 30))));
                break;
            case DemoProfile.GmcInvestigation:
                Check(doctor.Concerns.SetGmcInvestigation(true));
                break;
            case DemoProfile.LocalProcess:
                Check(doctor.Concerns.SetOpenLocalProcess(true));
                break;
            case DemoProfile.Submitted:
            {
                // Decision (d): the demo RO gives a reason for any gap and confirms the GMC's statements, as the check step asks.
                var gaps = Core.Readiness.ReadinessEvaluator.Evaluate(Core.Readiness.DoctorSummary.From(doctor), today, options).Gaps;
                var details = new RecommendationDetails(RecommendationType.Revalidate, Comments: "All supporting information in place.",
                    GapAcknowledgements: [.. gaps.Select(g => new GapAcknowledgement(g.Code, g.Year, "Covered by information from clinical governance."))],
                    Statements: new PositiveStatements(true, true, true, true, true, true));
                var draft = Require(doctor.Recommendations.Draft(details, now, ResponsibleOfficer.UserId, options));
                Check(doctor.Recommendations.Submit(draft.Id, today, ResponsibleOfficer.UserId, options, ResponsibleOfficer, now));
                break;
            }

            case DemoProfile.Deferred:
            {
                // Deferred while under notice last cycle-end, approved by the GMC: the RSD moved into the future.
                var rsd = doctor.CurrentCycle!.Rsd;
                var submittedOn = rsd.AddDays(-30);
                var details = new RecommendationDetails(RecommendationType.Defer, DeferralReason.InsufficientEvidence, DeferralSubReason.ColleagueFeedback, rsd.AddDays(options.DeferralMinDays + random.Next(60, 200)));
                var draft = Require(doctor.Recommendations.Draft(details, UkCalendar.StartOfDay(submittedOn), ResponsibleOfficer.UserId, options));
                Check(doctor.Recommendations.Submit(draft.Id, submittedOn, ResponsibleOfficer.UserId, options));
                Check(doctor.Recommendations.RecordGmcOutcome(draft.Id, GmcOutcome.Approved, submittedOn.AddDays(10), options));
                break;
            }
        }
    }

    private static string GivenNameOf(int index) => GivenNames[index % GivenNames.Length];

    private static string FamilyNameOf(int index) => FamilyNames[((index * 7) + 3) % FamilyNames.Length];

    private static string DirectoryIdOf(int index) => $"demo-doctor-{index + 1:00}";

    /// <summary>
    /// Distinct seven-digit numbers from 1000000 up: a step of 7,919 (a prime, so coprime to the 9,000,000 numbers
    /// in range) never repeats within <see cref="MaxDoctors"/>. The demo doctors keep 7100000 + 7,919 × index.
    /// </summary>
    private static string GmcOf(int index) =>
        (1_000_000 + ((6_100_000 + (index * 7_919L)) % 9_000_000)).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);

    private static string EmailOf(int index) => $"doctor{index + 1:00}@demo-trust.example";

    private static void AddEvidence(DoctorRecord doctor, SupportingInformationType type, string title, DateOnly on, AppraisalYear year, decimal? credits) =>
        Require(doctor.Evidence.Add(type, title, on, year, credits, "Reflection recorded for the demo.", null, UkCalendar.StartOfDay(on).AddHours(12)));

    private static T Require<T>(Result<T> result) =>
        result.IsSuccess ? result.Value! : throw new InvalidOperationException($"Demo data broke a rule: {result}");

    private static void Check(Result result)
    {
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Demo data broke a rule: {result}");
        }
    }
}
