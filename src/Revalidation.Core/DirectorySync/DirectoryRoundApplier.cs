using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Core.DirectorySync;

/// <summary>
/// The sync engine: applies one round of one source, batch by batch, idempotently. What it does with each change:
/// <list type="bullet">
/// <item>an upsert of an unknown person creates the doctor (estimated RSD, ADR 0009), of a known one updates only the
/// attributes the directory owns (names, email, department, specialty, directory id: never the RSD, flags or
/// appraisals); an inactive upsert makes a leaver, an active one brings a leaver back (R13);</item>
/// <item>a removal makes a leaver, keeps the record and records the RO's leaver alert (R13);</item>
/// <item>anything that cannot become a valid record (R12: a malformed or duplicate GMC number; an unknown designated
/// body; missing names) goes to the data-quality queue and the round goes on. No doctor is created with a bad number.</item>
/// </list>
/// Doctor records change only through <see cref="DoctorRecordService"/>, with their audit events; a change that lost a
/// race is re-applied to a fresh copy a bounded number of times. Links and issues are written at the end of each batch.
/// </summary>
internal sealed partial class DirectoryRoundApplier
{
    /// <summary>The kinds an admin no longer needs once the directory sends a valid entry for the person.</summary>
    private static readonly DataQualityIssueKind[] FixedByValidEntry =
    [
        DataQualityIssueKind.InvalidGmcNumber, DataQualityIssueKind.DuplicateGmcNumber, DataQualityIssueKind.GmcNumberChanged,
        DataQualityIssueKind.UnknownDesignatedBody, DataQualityIssueKind.DesignatedBodyChanged, DataQualityIssueKind.InvalidDetails,
        DataQualityIssueKind.Unreadable,
    ];

    private readonly DirectorySourceInfo source;
    private readonly Guid runId;
    private readonly IDirectorySyncStore syncStore;
    private readonly IDoctorStore doctors;
    private readonly DoctorRecordService records;
    private readonly IDesignatedBodyStore designatedBodies;
    private readonly IAlertOutbox outbox;
    private readonly TimeProvider time;
    private readonly RevalidationOptions rules;
    private readonly DirectorySyncOptions options;
    private readonly Actor actor;
    private readonly KnownBodies bodies;
    private readonly Dictionary<string, DirectoryLink> pendingLinks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DataQualityIssue> pendingIssues = new(StringComparer.Ordinal);
    private readonly HashSet<string> pendingResolutions = new(StringComparer.Ordinal);
    private readonly HashSet<string> pendingEmailResolutions = new(StringComparer.Ordinal);
    private HashSet<string> seen = new(StringComparer.Ordinal);
    private Dictionary<string, DirectoryLink>? preloaded;
    private HashSet<string>? withOpenIssues;
    private int seenCount, created, updated, left, reactivated, rejected, unchanged, skipped;

    public DirectoryRoundApplier(
        DirectorySourceInfo source, Guid runId, IDirectorySyncStore syncStore, IDoctorStore doctors, DoctorRecordService records, IDesignatedBodyStore designatedBodies, IAlertOutbox outbox, TimeProvider time, RevalidationOptions rules, DirectorySyncOptions options)
    {
        this.source = source;
        this.runId = runId;
        this.syncStore = syncStore;
        this.doctors = doctors;
        this.records = records;
        this.designatedBodies = designatedBodies;
        bodies = new KnownBodies(designatedBodies);
        this.outbox = outbox;
        this.time = time;
        this.rules = rules;
        this.options = options;
        actor = ActorFor(source.Id);
    }

    public SyncCounts Counts => new(seenCount, created, updated, left, reactivated, rejected, unchanged, skipped);

    /// <summary>Who the audit log says made the change: the source, as a system actor.</summary>
    public static Actor ActorFor(string sourceId) => new($"directory:{sourceId}", "DirectorySync");

    /// <summary>A fingerprint of everything the engine takes from an entry: equal means nothing to do.</summary>
    public static string Fingerprint(DirectoryEntry e)
    {
        var text = string.Join('\u001f', e.DirectoryId, e.GmcNumber?.Trim(), e.GivenName?.Trim(), e.FamilyName?.Trim(), e.Email?.Trim(), e.Department?.Trim(),
            e.Specialty?.Trim(), e.DesignatedBody?.Trim().ToUpperInvariant(), e.Active ? "1" : "0", e.Rsd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
    }

    /// <summary>A round restarted from scratch (the cursor expired): what counts as seen starts again.</summary>
    public void StartOver() => seen = new(StringComparer.Ordinal);

    /// <summary>
    /// For a full round, which meets every doctor of the source: reads all the source's links once (memory grows with
    /// the doctors, not the tenant) instead of one query per page.
    /// </summary>
    public async Task PreloadLinksAsync(CancellationToken cancellationToken) =>
        preloaded = (await syncStore.ListLinksAsync(source.Id, cancellationToken)).ToDictionary(l => l.ExternalId, StringComparer.Ordinal);

    public async Task<DirectoryRoundEnd> ApplyAsync(IAsyncEnumerable<DirectoryBatch> batches, CancellationToken cancellationToken)
    {
        withOpenIssues ??= [.. await syncStore.ListExternalIdsWithOpenIssuesAsync(source.Id, cancellationToken)];
        DirectoryRoundEnd? end = null;
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            if (end is not null)
            {
                throw new InvalidOperationException("The directory source sent a batch after the end of its round.");
            }

            await ApplyBatchAsync(batch.Changes, cancellationToken);
            end = batch.End;
        }

        return end ?? throw new InvalidOperationException("The directory source ended its round without a cursor.");
    }

    /// <summary>
    /// After a full set: the source's active doctors that were not in it are leavers (R13), unless more of them than the
    /// leaver threshold (<see cref="DirectorySyncOptions.LeaverThreshold"/>) would leave, or more than an admin confirmed
    /// unless an admin confirmed each of them (<paramref name="confirmedLeavers"/>, the doctor records a held run listed):
    /// then nobody is marked, and the doctor records that would leave are returned.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ReconcileAbsentAsync(IReadOnlySet<Guid>? confirmedLeavers, CancellationToken cancellationToken)
    {
        var active = await syncStore.ListActiveLinksAsync(source.Id, cancellationToken);
        var absent = active.Where(l => !seen.Contains(l.ExternalId)).ToList();
        var confirmed = confirmedLeavers is not null && absent.All(l => confirmedLeavers.Contains(l.DoctorId));
        if (absent.Count > options.LeaverThreshold(active.Count) && !confirmed)
        {
            return [.. absent.Select(l => l.DoctorId)];
        }

        foreach (var link in absent)
        {
            await RemoveAsync(link, RemovalReason.AbsentFromFullSet, null, cancellationToken);
        }

        await FlushAsync(cancellationToken);
        return [];
    }

    private async Task ApplyBatchAsync(IReadOnlyList<DirectoryChange> changes, CancellationToken cancellationToken)
    {
        var ids = changes.Select(c => c.ExternalId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var links = preloaded
            ?? (ids.Count == 0
                ? new Dictionary<string, DirectoryLink>(StringComparer.Ordinal)
                : new Dictionary<string, DirectoryLink>(await syncStore.GetLinksAsync(source.Id, ids, cancellationToken), StringComparer.Ordinal));

        foreach (var change in changes)
        {
            switch (change)
            {
                case DirectoryRejection r:
                    Raise(source.DesignatedBody, r.Kind, r.Id, null, r.Problem, r.Origin);
                    rejected++;
                    break;
                case DirectoryRemoval r when links.TryGetValue(r.Id, out var link):
                    seen.Remove(r.Id);
                    links[r.Id] = await RemoveAsync(link, r.Reason, r.Origin, cancellationToken);
                    break;
                case DirectoryRemoval:
                    break; // not one of our doctors
                case DirectoryUpsert u:
                    seenCount++;
                    seen.Add(u.Entry.ExternalId);
                    if (await UpsertAsync(u.Entry, links.GetValueOrDefault(u.Entry.ExternalId), cancellationToken) is { } saved)
                    {
                        links[saved.ExternalId] = saved;
                    }

                    break;
            }
        }

        await FlushAsync(cancellationToken);
    }

    private async Task<DirectoryLink?> UpsertAsync(DirectoryEntry entry, DirectoryLink? link, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(entry);
        if (link is not null && link.Fingerprint == fingerprint)
        {
            unchanged++;
            return null;
        }

        var gmc = GmcNumber.Create(entry.GmcNumber);
        var body = await bodies.ResolveAsync(entry.DesignatedBody, cancellationToken);
        var issueBody = link?.DesignatedBody ?? body ?? source.DesignatedBody;
        if (!gmc.IsSuccess)
        {
            return Reject(issueBody, DataQualityIssueKind.InvalidGmcNumber, entry, link?.DoctorId,
                $"The GMC number {Quote(entry.GmcNumber)} is not exactly 7 digits (R12): no doctor record was created or changed.");
        }

        if (body is not { } code)
        {
            return Reject(issueBody, DataQualityIssueKind.UnknownDesignatedBody, entry, link?.DoctorId, entry.DesignatedBody is null
                ? "No designated body mapping applies to this person."
                : $"The designated body {Quote(entry.DesignatedBody)} is not set up in the product.");
        }

        if (link is not null && link.DesignatedBody != code)
        {
            return Reject(link.DesignatedBody, DataQualityIssueKind.DesignatedBodyChanged, entry, link.DoctorId,
                $"The directory now maps this doctor to {code}; the record stays with {link.DesignatedBody} until the prescribed connection moves in GMC Connect (R13).");
        }

        var doctor = link is null ? null : await doctors.GetDoctorAsync(link.DesignatedBody, link.DoctorId, cancellationToken);
        if (doctor is null)
        {
            var byDirectoryId = entry.DirectoryId is null ? null : await doctors.FindDoctorByDirectoryIdAsync(code, entry.DirectoryId, cancellationToken);
            var byGmc = byDirectoryId is null ? await doctors.FindDoctorByGmcNumberAsync(code, gmc.Value, cancellationToken) : null;
            if (byGmc is { DirectoryId: { } other } && entry.DirectoryId is not null && other != entry.DirectoryId)
            {
                return Reject(code, DataQualityIssueKind.DuplicateGmcNumber, entry, byGmc.Id,
                    $"GMC number {gmc.Value} already belongs to the doctor record of another directory person (R12): no second record was created.");
            }

            doctor = byDirectoryId ?? byGmc;
        }

        if (doctor is not null && doctor.GmcNumber != gmc.Value)
        {
            return Reject(code, DataQualityIssueKind.GmcNumberChanged, entry, doctor.Id,
                $"The directory now gives GMC number {gmc.Value} for the doctor recorded with {doctor.GmcNumber}: the record keeps its number until an admin checks it with the GMC.");
        }

        // docs/domain.md#alerts: an email that is not one plain mailbox never reaches a record (it would poison every
        // alert to the doctor). The doctor is still created or updated, without it (an existing valid address is kept).
        var badEmail = !string.IsNullOrWhiteSpace(entry.Email) && !EmailAddress.TryNormalise(entry.Email, out _);
        var usable = badEmail ? entry with { Email = EmailAddress.TryNormalise(doctor?.Email, out var kept) ? kept : null } : entry;
        var saved = doctor is null
            ? await CreateAsync(code, gmc.Value, usable, fingerprint, cancellationToken)
            : await UpdateAsync(doctor, usable, fingerprint, cancellationToken);
        if (saved is not null && badEmail)
        {
            RaiseInvalidEmail(code, entry, saved.DoctorId);
        }
        else if (saved is not null && withOpenIssues?.Contains(entry.ExternalId) == true)
        {
            pendingEmailResolutions.Add(entry.ExternalId);
        }

        return saved;
    }

    /// <summary>
    /// Raised beside the saved record, so (unlike <see cref="Raise"/>) it leaves the entry's other issues to be resolved;
    /// the detail does not quote the address (it may hold a line break or a second person's address).
    /// </summary>
    private void RaiseInvalidEmail(DesignatedBodyCode body, DirectoryEntry entry, Guid doctorId)
    {
        var issue = DataQualityIssue.Raise(source.Id, body, DataQualityIssueKind.InvalidEmail, entry.ExternalId, doctorId,
            "The email address is not one plain address (it has a comma, semicolon, space, line break or display name): the doctor record was saved without it. Correct it in the directory.",
            entry.Origin, time.GetUtcNow(), runId);
        pendingIssues[issue.Key] = issue;
        withOpenIssues?.Add(entry.ExternalId);
    }

    private async Task<DirectoryLink?> CreateAsync(DesignatedBodyCode body, GmcNumber gmc, DirectoryEntry entry, string fingerprint, CancellationToken cancellationToken)
    {
        if (!entry.Active)
        {
            skipped++; // a disabled account we never knew: not a doctor of ours to make a leaver of
            return null;
        }

        var today = UkCalendar.Today(time);
        var rsd = entry.Rsd ?? today.AddDays((int)Math.Round(options.UnknownRsdAfter.TotalDays));
        var made = DoctorRecord.Create(body, gmc, entry.GivenName ?? string.Empty, entry.FamilyName ?? string.Empty, rsd, rsdConfirmed: false,
            options.AppraisalDueMonth ?? today.Month, rules, entry.Email, entry.Department, entry.Specialty, entry.DirectoryId, connectedOn: today);
        if (!made.IsSuccess)
        {
            return Reject(body, DataQualityIssueKind.InvalidDetails, entry, null, $"The entry cannot become a doctor record: {Describe(made.Outcome)}");
        }

        var doctor = made.Value!;
        var saved = await records.CreateAsync(doctor, actor, new AuditNote("doctor.created-from-directory",
            $"Doctor record created from directory source {source.Id} (estimated RSD {rsd:d MMMM yyyy})", Change(entry)), cancellationToken);
        if (saved.Violations.Any(v => v.Rule == RuleIds.GmcNumberFormat))
        {
            return Reject(body, DataQualityIssueKind.DuplicateGmcNumber, entry, null,
                $"Another doctor record (in this or another designated body) already has GMC number {gmc.Value} (R12): no second record was created.");
        }

        if (!saved.IsOk)
        {
            throw new InvalidOperationException("A new doctor record collided with an existing one.");
        }

        created++;
        if ((await designatedBodies.GetDesignatedBodyAsync(body, cancellationToken))?.ResponsibleOfficer?.GmcNumber == gmc.Value)
        {
            // R20 (docs/domain.md#r20): in England an RO is connected to a higher-level RO, not to their own body.
            Raise(body, DataQualityIssueKind.ResponsibleOfficerIsDoctor, entry.ExternalId, doctor.Id,
                "The body's responsible officer appears among its doctors. Their prescribed connection is normally to a higher-level responsible officer: check it, and declare a conflict of interest if the record stays here.", entry.Origin);
        }

        if (entry.Rsd is null)
        {
            Raise(body, DataQualityIssueKind.RsdToConfirm, entry.ExternalId, doctor.Id,
                $"New doctor from the directory: the RSD is estimated as {rsd:d MMMM yyyy} until the date the GMC gives is entered (R1).", entry.Origin);
        }

        Fixed(entry.ExternalId);
        return Link(entry.ExternalId, doctor, fingerprint, active: true);
    }

    private async Task<DirectoryLink?> UpdateAsync(DoctorRecord doctor, DirectoryEntry entry, string fingerprint, CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        bool detailsChanged = false, leaving = false, returning = false;
        var change = DoctorChange.Noting(d =>
        {
            var details = d.UpdateDirectoryDetails(entry.GivenName ?? string.Empty, entry.FamilyName ?? string.Empty, entry.Email, entry.Department, entry.Specialty, entry.DirectoryId);
            if (!details.IsSuccess)
            {
                return details.Outcome;
            }

            var notes = new List<AuditNote>();
            detailsChanged = details.Value;
            if (detailsChanged)
            {
                notes.Add(new("doctor.directory-updated", $"Directory details updated from source {source.Id}", Change(entry)));
            }

            leaving = !entry.Active && d.Status == DoctorStatus.Active && d.MarkLeaver(today).IsSuccess;
            if (leaving)
            {
                notes.Add(LeaverNote("the account is disabled"));
            }

            returning = entry.Active && d.Status == DoctorStatus.Leaver && d.Reactivate().IsSuccess;
            if (returning)
            {
                notes.Add(new("doctor.reactivated", $"Back in directory source {source.Id}: active again (R13)", new { source = source.Id, externalId = entry.ExternalId }));
            }

            return Result<IReadOnlyList<AuditNote>>.Ok(notes);
        });
        var saved = await records.ChangeAsync(doctor.DesignatedBody, doctor.Id, actor, change, loaded: doctor, retries: options.ConcurrencyRetries, cancellationToken: cancellationToken);
        switch (saved.Status)
        {
            case ServiceStatus.Invalid:
                return Reject(doctor.DesignatedBody, DataQualityIssueKind.InvalidDetails, entry, doctor.Id,
                    $"The entry cannot update the doctor record: {string.Join(" ", saved.Violations.Select(v => v.Message))}");
            case ServiceStatus.NotFound:
                throw new InvalidOperationException("A doctor record disappeared during directory sync.");
            case ServiceStatus.Conflict when saved.Violations.Any(v => v.Rule == RuleIds.GmcNumberFormat):
                return Reject(doctor.DesignatedBody, DataQualityIssueKind.DuplicateGmcNumber, entry, doctor.Id, "The store refused the update: another doctor has this GMC number (R12).");
            case ServiceStatus.Conflict:
                throw new InvalidOperationException($"A doctor record kept changing while directory sync applied its change ({options.ConcurrencyRetries} retries).");
        }

        doctor = saved.Value!;
        if (saved.Unchanged)
        {
            unchanged++;
            Fixed(entry.ExternalId);
            return Link(entry.ExternalId, doctor, fingerprint, entry.Active);
        }

        updated += detailsChanged ? 1 : 0;
        reactivated += returning ? 1 : 0;
        if (leaving)
        {
            left++;
            await RecordLeaverAsync(doctor, entry.ExternalId, "the account is disabled", entry.Origin, cancellationToken);
        }

        Fixed(entry.ExternalId);
        return Link(entry.ExternalId, doctor, fingerprint, entry.Active);
    }

    private async Task<DirectoryLink> RemoveAsync(DirectoryLink link, RemovalReason reason, string? origin, CancellationToken cancellationToken)
    {
        var inactive = link with { Active = false, Fingerprint = string.Empty, UpdatedAt = time.GetUtcNow() };
        pendingLinks[link.ExternalId] = inactive;
        var because = reason switch
        {
            RemovalReason.Deleted => "deleted from the directory",
            RemovalReason.SoftDeleted => "removed from the directory (restorable for 30 days)",
            RemovalReason.OutOfScope => "no longer selected as a doctor (group or attribute rule)",
            _ => "absent from a full directory set",
        };
        var alreadyLeaver = false;
        var change = DoctorChange.Noting(d =>
        {
            // Already a leaver (an earlier, interrupted round, or marked by hand): nothing to save, but the RO must have been told.
            alreadyLeaver = d.Status == DoctorStatus.Leaver;
            return alreadyLeaver || !d.MarkLeaver(UkCalendar.Today(time)).IsSuccess
                ? Result<IReadOnlyList<AuditNote>>.Ok([])
                : Result<IReadOnlyList<AuditNote>>.Ok([LeaverNote(because)]);
        });
        var saved = await records.ChangeAsync(link.DesignatedBody, link.DoctorId, actor, change, retries: options.ConcurrencyRetries, cancellationToken: cancellationToken);
        switch (saved.Status)
        {
            case ServiceStatus.NotFound:
                return inactive;
            case ServiceStatus.Ok when saved.Unchanged && !alreadyLeaver:
                return inactive;
            case ServiceStatus.Ok:
                left += saved.Unchanged ? 0 : 1;
                await RecordLeaverAsync(saved.Value!, link.ExternalId, because, origin, cancellationToken);
                return inactive;
            default:
                throw new InvalidOperationException($"A doctor record kept changing while directory sync marked a leaver ({options.ConcurrencyRetries} retries).");
        }
    }

    private AuditNote LeaverNote(string because) =>
        new("doctor.left", $"Leaver: {because} (source {source.Id}); the record is kept and the RO told to remove the connection (R13)", new { source = source.Id, reason = because });

    /// <summary>R13: the RO's leaver alert (exactly once per key) and the admin's queue entry.</summary>
    private async Task RecordLeaverAsync(DoctorRecord doctor, string externalId, string because, string? origin, CancellationToken cancellationToken)
    {
        var leftOn = doctor.LeftOn ?? UkCalendar.Today(time);
        var alert = AlertContent.LeaverAlert(doctor.DesignatedBody, doctor.Id, leftOn, time.GetUtcNow());
        var added = await outbox.AddAlertsAsync(doctor.DesignatedBody, [alert], cancellationToken);
        if (added.Count > 0)
        {
            Raise(doctor.DesignatedBody, DataQualityIssueKind.Leaver, externalId, doctor.Id,
                $"{doctor.DisplayName} (GMC {doctor.GmcNumber}) left on {leftOn:d MMMM yyyy}: {because}. The RO is told to remove the connection in GMC Connect (R13).", origin);
        }
    }

    private DirectoryLink Link(string externalId, DoctorRecord doctor, string fingerprint, bool active)
    {
        var link = new DirectoryLink(source.Id, externalId, doctor.DesignatedBody, doctor.Id, doctor.GmcNumber.Value, active, fingerprint, time.GetUtcNow());
        pendingLinks[externalId] = link;
        return link;
    }

    private object Change(DirectoryEntry e) => new
    {
        source = source.Id,
        externalId = e.ExternalId,
        directoryId = e.DirectoryId,
        givenName = e.GivenName,
        familyName = e.FamilyName,
        email = e.Email,
        department = e.Department,
        specialty = e.Specialty,
        active = e.Active,
    };

    private static string Quote(string? value) => value is null ? "(none)" : $"\"{(value.Length > 40 ? value[..40] + "…" : value)}\"";

    private static string Describe(Result outcome) => string.Join(" ", outcome.Violations.Select(v => v.Message));
}
