using System.Globalization;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Core.DirectorySync;

/// <summary>
/// Runs directory sources through the one sync engine (<see cref="DirectoryRoundApplier"/>): records the run, reads
/// the stored cursor, applies the round batch by batch, makes leavers of doctors absent from a full set, and saves the
/// new cursor only once all of that succeeded. An expired cursor (the source throws
/// <see cref="DirectoryCursorExpiredException"/>) turns the round into a full resync. One run per source at a time in
/// this process; across processes the worker's lease keeps jobs single (docs/architecture.md#hosts), and rounds are idempotent anyway.
/// HTTP handlers and the scheduled job call this same service.
/// </summary>
public sealed partial class DirectorySyncService : IDisposable
{
    private readonly Dictionary<string, IDirectorySource> sources;
    private readonly IDirectorySyncStore syncStore;
    private readonly IDoctorStore doctors;
    private readonly DoctorRecordService records;
    private readonly IDesignatedBodyStore bodies;
    private readonly IAlertOutbox outbox;
    private readonly TimeProvider time;
    private readonly RevalidationOptions rules;
    private readonly DirectorySyncOptions options;
    private readonly ILogger<DirectorySyncService> logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Task<SyncRun>> background = new();
    private readonly CancellationTokenSource stopping = new();

    public DirectorySyncService(
        IEnumerable<IDirectorySource> sources,
        IDirectorySyncStore syncStore,
        IDoctorStore doctors,
        DoctorRecordService records,
        IDesignatedBodyStore bodies,
        IAlertOutbox outbox,
        TimeProvider time,
        IOptions<RevalidationOptions> rules,
        IOptions<DirectorySyncOptions> options,
        ILogger<DirectorySyncService> logger)
    {
        ArgumentNullException.ThrowIfNull(sources);
        this.sources = sources.ToDictionary(s => s.Info.Id, StringComparer.Ordinal);
        this.syncStore = syncStore;
        this.doctors = doctors;
        this.records = records;
        this.bodies = bodies;
        this.outbox = outbox;
        this.time = time;
        this.rules = rules.Value;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>The sources configured in this host.</summary>
    public IReadOnlyList<DirectorySourceInfo> Sources => [.. sources.Values.Select(s => s.Info).OrderBy(s => s.Id, StringComparer.Ordinal)];

    /// <summary>The source, if it exists and is administered by <paramref name="body"/> (otherwise null: its existence is not the caller's business).</summary>
    public DirectorySourceInfo? FindSource(string sourceId, DesignatedBodyCode body) =>
        sources.TryGetValue(sourceId, out var s) && s.Info.DesignatedBody == body ? s.Info : null;

    /// <summary>Runs one round of the source now and returns the finished run (failed runs included: see its status and error).</summary>
    public async Task<ServiceResult<SyncRun>> RunAsync(string sourceId, SyncMode mode, string triggeredBy = "schedule", CancellationToken cancellationToken = default)
    {
        var begun = await BeginAsync(sourceId, mode, triggeredBy, cancellationToken);
        if (!begun.IsOk)
        {
            return begun.Result;
        }

        try
        {
            return ServiceResult<SyncRun>.Ok(await ExecuteAsync(begun.Source!, begun.Result.Value!, cancellationToken));
        }
        finally
        {
            begun.Gate!.Release();
        }
    }

    /// <summary>Starts a round in the background and returns the run as it starts (status Running). An admin's "run now".</summary>
    public Task<ServiceResult<SyncRun>> StartAsync(string sourceId, SyncMode mode, string triggeredBy, CancellationToken cancellationToken = default) =>
        StartAsync(sourceId, mode, triggeredBy, allowedLeavers: null, cancellationToken);

    private async Task<ServiceResult<SyncRun>> StartAsync(string sourceId, SyncMode mode, string triggeredBy, IReadOnlySet<Guid>? allowedLeavers, CancellationToken cancellationToken)
    {
        var begun = await BeginAsync(sourceId, mode, triggeredBy, cancellationToken);
        if (!begun.IsOk)
        {
            return begun.Result;
        }

        var run = begun.Result.Value!;
        var started = new TaskCompletionSource<SyncRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        background[run.Id] = started.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                started.SetResult(await ExecuteAsync(begun.Source!, run, stopping.Token, allowedLeavers));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
            finally
            {
                begun.Gate!.Release();
                background.TryRemove(run.Id, out _);
            }
        }, CancellationToken.None);
        return begun.Result;
    }

    /// <summary>
    /// An admin confirms a run held by the leaver threshold (docs/decisions/0009-directory-sync.md): a full round starts in
    /// the background that makes the absent doctors leavers, provided each of them is one the held run listed (the admin
    /// saw who): anyone else absent, and the new run is held again. Only the source's latest run can be confirmed.
    /// </summary>
    public async Task<ServiceResult<SyncRun>> ConfirmAsync(string sourceId, Guid runId, DesignatedBodyCode body, string confirmedBy, CancellationToken cancellationToken = default)
    {
        var held = FindSource(sourceId, body) is null ? null : await syncStore.GetRunAsync(runId, cancellationToken);
        if (held is null || held.SourceId != sourceId || held.DesignatedBody != body)
        {
            return ServiceResult<SyncRun>.NotFound("No such sync run of this directory source.");
        }

        var recent = await syncStore.ListRunsAsync(body, sourceId, 1, cancellationToken);
        var latest = recent.Count > 0 ? recent[0] : null;
        if (held.Status != SyncRunStatus.AwaitingConfirmation || held.PendingLeavers is not { } listed)
        {
            return ServiceResult<SyncRun>.Conflict("This run is not awaiting confirmation.");
        }

        if (latest?.Id != held.Id)
        {
            return ServiceResult<SyncRun>.Conflict("A later run of this directory source has superseded this one: confirm the latest run instead.");
        }

        return await StartAsync(sourceId, SyncMode.Full, confirmedBy, listed.ToHashSet(), cancellationToken);
    }

    /// <summary>
    /// What a full run of the source would do now, without writing anything (a dry run; issue 14, item 1): the counts,
    /// who would leave, and whether the run would wait for confirmation. A source that cannot be read answers with the
    /// reason (a cut export is refused whole, as a run would refuse it).
    /// </summary>
    public async Task<ServiceResult<DirectoryPreview>> PreviewAsync(string sourceId, DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        if (FindSource(sourceId, body) is null)
        {
            return ServiceResult<DirectoryPreview>.NotFound("No such directory source.");
        }

        var source = sources[sourceId];
        try
        {
            var previewer = new DirectoryPreviewer(source.Info, syncStore, doctors, bodies, options);
            return ServiceResult<DirectoryPreview>.Ok(await previewer.PreviewAsync(source.ReadRoundAsync(null, cancellationToken), cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPreviewFailed(logger, e.GetType().Name, sourceId);
            return ServiceResult<DirectoryPreview>.Ok(DirectoryPreview.Unreadable(sourceId, Describe(e)));
        }
    }

    /// <summary>Completes when a run started by <see cref="StartAsync"/> in this process has finished (at once if it is unknown or done).</summary>
    public Task WhenFinishedAsync(Guid runId) => background.TryGetValue(runId, out var task) ? task : Task.CompletedTask;

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task<Begun> BeginAsync(string sourceId, SyncMode mode, string triggeredBy, CancellationToken cancellationToken)
    {
        if (!sources.TryGetValue(sourceId, out var source))
        {
            return new(ServiceResult<SyncRun>.NotFound("No such directory source."), null, null);
        }

        if (!Enum.IsDefined(mode))
        {
            return new(ServiceResult<SyncRun>.Invalid(RuleIds.Validation, "mode", "mode is Incremental or Full."), null, null);
        }

        var gate = gates.GetOrAdd(sourceId, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, cancellationToken))
        {
            return new(ServiceResult<SyncRun>.Conflict("A run of this directory source is in progress. Try again when it has finished."), null, null);
        }

        try
        {
            var run = new SyncRun(Guid.NewGuid(), sourceId, source.Info.DesignatedBody, mode, triggeredBy, time.GetUtcNow());
            await syncStore.SaveRunAsync(run, cancellationToken);
            return new(ServiceResult<SyncRun>.Ok(run), source, gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private async Task<SyncRun> ExecuteAsync(IDirectorySource source, SyncRun run, CancellationToken cancellationToken, IReadOnlySet<Guid>? allowedLeavers = null)
    {
        var info = source.Info;
        var applier = new DirectoryRoundApplier(info, run.Id, syncStore, doctors, records, bodies, outbox, time, rules, options);
        LogStarted(logger, info.Id, run.Id, run.Mode);
        try
        {
            var cursor = run.Mode == SyncMode.Full ? null : await syncStore.GetCursorAsync(info.Id, cancellationToken);
            if (cursor is null)
            {
                await applier.PreloadLinksAsync(cancellationToken);
            }

            DirectoryRoundEnd end;
            try
            {
                end = await applier.ApplyAsync(source.ReadRoundAsync(cursor, cancellationToken), cancellationToken);
            }
            catch (DirectoryCursorExpiredException) when (cursor is not null)
            {
                // The changes applied so far were applied idempotently; the full set is read from the start.
                LogCursorExpired(logger, info.Id, run.Id);
                applier.StartOver();
                await applier.PreloadLinksAsync(cancellationToken);
                end = await applier.ApplyAsync(source.ReadRoundAsync(null, cancellationToken), cancellationToken);
            }

            var held = end.FullSet ? await applier.ReconcileAbsentAsync(allowedLeavers, cancellationToken) : [];
            if (held.Count > 0)
            {
                // docs/decisions/0009-directory-sync.md: the leaver threshold. The cursor stays, so the next round asks again.
                var active = (await syncStore.ListActiveLinksAsync(info.Id, cancellationToken)).Count;
                run = run with
                {
                    Status = SyncRunStatus.AwaitingConfirmation, FullResync = true, EndedAt = time.GetUtcNow(), Counts = applier.Counts,
                    Error = AwaitingConfirmation(held, active, options.LeaverThreshold(active)), PendingLeavers = held,
                };
                LogAwaitingConfirmation(logger, info.Id, run.Id, held.Count, active);
            }
            else
            {
                await syncStore.SaveCursorAsync(info.Id, end.Cursor, time.GetUtcNow(), cancellationToken);
                run = run with { Status = SyncRunStatus.Succeeded, FullResync = end.FullSet, EndedAt = time.GetUtcNow(), Counts = applier.Counts };
                var c = run.Totals;
                LogSucceeded(logger, info.Id, run.Id, c.Seen, c.Created, c.Updated, c.Left, c.Reactivated, c.Rejected);
            }
        }
        catch (Exception e)
        {
            // Whatever happened, the cursor was not advanced: a rerun reads the same changes again.
            run = run with { Status = SyncRunStatus.Failed, EndedAt = time.GetUtcNow(), Counts = applier.Counts, Error = Describe(e) };
            LogFailed(logger, e.GetType().Name, info.Id, run.Id);
        }

        await syncStore.SaveRunAsync(run, CancellationToken.None);
        if (run.Status == SyncRunStatus.Failed)
        {
            await AlertWhenFailingAsync(run);
        }

        return run;
    }

    /// <summary>docs/domain.md#alerts: the admin is told once when a source has failed twice in a row (not again while it keeps failing).</summary>
    private async Task AlertWhenFailingAsync(SyncRun run)
    {
        var recent = (await syncStore.ListRunsAsync(run.DesignatedBody, run.SourceId, 3, CancellationToken.None))
            .Where(r => r.Status is SyncRunStatus.Succeeded or SyncRunStatus.Failed)
            .OrderByDescending(r => r.StartedAt)
            .ToList();
        if (recent.Count < 2 || recent[0].Id != run.Id || recent[1].Status != SyncRunStatus.Failed || (recent.Count > 2 && recent[2].Status == SyncRunStatus.Failed))
        {
            return;
        }

        var today = UkCalendar.Today(time);
        await outbox.AddAlertsAsync(run.DesignatedBody,
            [Alerts.AlertContent.DirectorySyncFailing(today).ToRecord($"{run.DesignatedBody}/directory/{run.SourceId}/run-{run.Id:N}/admin/failing", run.DesignatedBody, null, today, time.GetUtcNow())],
            CancellationToken.None);
    }

    /// <summary>What an admin is shown of a run held by the leaver threshold (who would leave: <see cref="SyncRun.PendingLeavers"/>).</summary>
    public static string AwaitingConfirmation(IReadOnlyList<Guid> leavers, int active, int threshold) => string.Create(CultureInfo.InvariantCulture,
        $"The full set would make {leavers.Count} of {active} doctors leavers, more than the leaver threshold ({threshold}); nobody was made a leaver and the cursor was not advanced. Check the source and the list of who would leave, then confirm the run to apply them.");

    /// <summary>The error shown to admins: the exception's type and message (sources keep personal data out of their messages).</summary>
    private static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        return text.Length <= MaxError ? text : text[..MaxError];
    }

    private const int MaxError = 1_000;

    private sealed record Begun(ServiceResult<SyncRun> Result, IDirectorySource? Source, SemaphoreSlim? Gate)
    {
        public bool IsOk => Result.IsOk;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory sync {SourceId}: a preview could not read the source ({ExceptionType})")]
    private static partial void LogPreviewFailed(ILogger logger, string exceptionType, string sourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory sync {SourceId}: run {RunId} started ({Mode})")]
    private static partial void LogStarted(ILogger logger, string sourceId, Guid runId, SyncMode mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory sync {SourceId}: run {RunId}: the stored cursor expired; reading the full set")]
    private static partial void LogCursorExpired(ILogger logger, string sourceId, Guid runId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Directory sync {SourceId}: run {RunId} succeeded: {Seen} seen, {Created} created, {Updated} updated, {Left} left, {Reactivated} reactivated, {Rejected} rejected")]
    private static partial void LogSucceeded(ILogger logger, string sourceId, Guid runId, int seen, int created, int updated, int left, int reactivated, int rejected);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Directory sync {SourceId}: run {RunId} awaits an admin's confirmation: the full set would make {Leavers} of {Active} doctors leavers; nobody was marked")]
    private static partial void LogAwaitingConfirmation(ILogger logger, string sourceId, Guid runId, int leavers, int active);

    [LoggerMessage(Level = LogLevel.Error, Message = "Directory sync {SourceId}: run {RunId} failed with {ExceptionType}; the cursor was not advanced")]
    private static partial void LogFailed(ILogger logger, string exceptionType, string sourceId, Guid runId);
}
