using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Core.DirectorySync;

/// <summary>
/// What a full run of a source would do now, read without writing anything (issue 14, item 1; docs/decisions/0009-directory-sync.md):
/// an admin previews a new export before it is applied. <see cref="Error"/> says why the source could not be read
/// (a cut file, an unreachable directory); then nothing else is set. The counts are the engine's, judged against what
/// the product holds now: <see cref="Leavers"/> are the source's active doctors absent from the set or disabled in it.
/// </summary>
public sealed record DirectoryPreview(
    string SourceId,
    int Seen,
    int New,
    int Changed,
    int Unchanged,
    int Returning,
    int Rejected,
    int ActiveDoctors,
    int LeaverThreshold,
    IReadOnlyList<Guid> Leavers,
    string? Error = null)
{
    /// <summary>A run of this set would wait for an admin's confirmation before making anyone a leaver by absence.</summary>
    public bool WouldWaitForConfirmation { get; init; }

    public static DirectoryPreview Unreadable(string sourceId, string error) => new(sourceId, 0, 0, 0, 0, 0, 0, 0, 0, [], error);
}

/// <summary>
/// Classifies one full round of a source against the stored links, as <see cref="DirectoryRoundApplier"/> would apply it,
/// without touching the store. Rules that need a doctor record (a GMC number that belongs to another record, a changed
/// number) are left to the run itself: the preview names them "changed" or "new".
/// </summary>
internal sealed class DirectoryPreviewer(DirectorySourceInfo source, IDirectorySyncStore syncStore, IDoctorStore doctors, IDesignatedBodyStore bodies, DirectorySyncOptions options)
{
    private readonly KnownBodies known = new(bodies);

    public async Task<DirectoryPreview> PreviewAsync(IAsyncEnumerable<DirectoryBatch> round, CancellationToken cancellationToken)
    {
        var links = (await syncStore.ListLinksAsync(source.Id, cancellationToken)).ToDictionary(l => l.ExternalId, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var leaving = new List<Guid>();
        int count = 0, added = 0, changed = 0, unchanged = 0, returning = 0, rejected = 0;
        var fullSet = false;
        await foreach (var batch in round.WithCancellation(cancellationToken))
        {
            foreach (var change in batch.Changes)
            {
                switch (change)
                {
                    case DirectoryRejection:
                        rejected++;
                        break;
                    case DirectoryRemoval r when links.TryGetValue(r.Id, out var gone) && gone.Active:
                        leaving.Add(gone.DoctorId);
                        break;
                    case DirectoryUpsert u when seen.Add(u.Entry.ExternalId):
                        count++;
                        var link = links.GetValueOrDefault(u.Entry.ExternalId);
                        var (outcome, doctorId) = await ClassifyAsync(u.Entry, link, cancellationToken);
                        switch (outcome)
                        {
                            case Outcome.New: added++; break;
                            case Outcome.Changed: changed++; break;
                            case Outcome.Unchanged: unchanged++; break;
                            case Outcome.Returning: returning++; break;
                            case Outcome.Leaving: leaving.Add(doctorId!.Value); break;
                            case Outcome.Rejected: rejected++; break;
                        }

                        break;
                }
            }

            fullSet = batch.End?.FullSet ?? fullSet;
        }

        var active = links.Values.Where(l => l.Active).ToList();
        var absent = fullSet ? active.Where(l => !seen.Contains(l.ExternalId)).Select(l => l.DoctorId).ToList() : [];
        var threshold = options.LeaverThreshold(active.Count);
        return new DirectoryPreview(source.Id, count, added, changed, unchanged, returning, rejected, active.Count, threshold, [.. absent, .. leaving])
        {
            WouldWaitForConfirmation = absent.Count > threshold,
        };
    }

    private async Task<(Outcome, Guid?)> ClassifyAsync(DirectoryEntry entry, DirectoryLink? link, CancellationToken cancellationToken)
    {
        if (link is not null && link.Fingerprint == DirectoryRoundApplier.Fingerprint(entry))
        {
            return (Outcome.Unchanged, link.DoctorId);
        }

        var gmc = GmcNumber.Create(entry.GmcNumber);
        if (!gmc.IsSuccess || await known.ResolveAsync(entry.DesignatedBody, cancellationToken) is not { } body
            || (link is not null && link.DesignatedBody != body))
        {
            return (Outcome.Rejected, null);
        }

        if (link is not null)
        {
            return (Judge(link.Active, entry), link.DoctorId);
        }

        // Not linked yet (a record made before this source knew it): the run finds it by directory id or GMC number.
        var doctor = (entry.DirectoryId is null ? null : await doctors.FindDoctorByDirectoryIdAsync(body, entry.DirectoryId, cancellationToken))
            ?? await doctors.FindDoctorByGmcNumberAsync(body, gmc.Value, cancellationToken);
        if (doctor is null)
        {
            return (entry.Active ? Outcome.New : Outcome.Ignored, null);
        }

        var same = doctor.GivenName == entry.GivenName?.Trim() && doctor.FamilyName == entry.FamilyName?.Trim() && doctor.Department == entry.Department?.Trim();
        var judged = Judge(doctor.Status != DoctorStatus.Leaver, entry);
        return (judged == Outcome.Changed && same ? Outcome.Unchanged : judged, doctor.Id);
    }

    private static Outcome Judge(bool activeNow, DirectoryEntry entry) => (activeNow, entry.Active) switch
    {
        (false, true) => Outcome.Returning,
        (true, false) => Outcome.Leaving,
        _ => Outcome.Changed,
    };

    private enum Outcome
    {
        New,
        Changed,
        Unchanged,
        Returning,
        Leaving,
        Rejected,
        Ignored,
    }
}
