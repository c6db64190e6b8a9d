using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Store;

namespace Revalidation.Api.Audit;

/// <summary>
/// The admin audit log (issue 15, item 7): filtered by person (name or user id), doctor (name or GMC number), either
/// (<c>q</c>), action and dates; paged; and exported as CSV with the same filters (the export is itself audited). Admin.
/// </summary>
public static class AdminAuditEndpoints
{
    /// <summary>The largest page of the audit log.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The most events one CSV export holds (newest first); a longer log says so in the file's last line.</summary>
    public const int MaxExportRows = 50_000;

    public const string ExportedAction = "audit.exported";

    public const string Filters =
        "q (a person or doctor: name, user id or GMC number), person (name or user id), doctor (name or GMC number), userId, doctorId, action, from, to (ISO 8601)";

    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> Query(CurrentUser user, ApiServices api, HttpRequest http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(api);
        var parameters = QueryParameters.Of(http);
        var page = parameters.Number("page", 1, 1, 100_000);
        var pageSize = parameters.Number("pageSize", 50, 1, MaxPageSize);
        var (filter, errors) = Read(parameters);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var directory = await AuditDirectory.LoadAsync(api, user.DesignatedBody, ct);
        var query = filter.ToQuery(directory) with { Skip = (page - 1) * pageSize, Limit = pageSize };
        var total = await api.Audit.CountAuditAsync(user.DesignatedBody, query, ct);
        var events = total > query.Skip ? await api.Audit.QueryAuditAsync(user.DesignatedBody, query, ct) : [];
        return TypedResults.Ok(new AuditPage([.. events.Select(e => directory.Name(e).For(user))], page, pageSize, total));
    }

    /// <summary>The filtered log as CSV, streamed in store pages: When (Europe/London), Who, Role, Doctor, GMC number, What.</summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Export(CurrentUser user, ApiServices api, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(http);
        var (filter, errors) = Read(QueryParameters.Of(http.Request));
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var directory = await AuditDirectory.LoadAsync(api, user.DesignatedBody, ct);
        var query = filter.ToQuery(directory);
        var total = await api.Audit.CountAuditAsync(user.DesignatedBody, query, ct);

        // The export is audited before it is sent: who, and which filters (the search text is the admin's own input).
        var now = api.Time.GetUtcNow();
        await api.Audit.AppendAuditAsync(user.DesignatedBody,
            [AuditEvent.Create(user.DesignatedBody, null, user.AsActor(Roles.Admin), ExportedAction,
                $"Audit log exported ({Events(Math.Min(total, MaxExportRows))}{filter.Describe()})", now, filter)], ct);

        var response = http.Response;
        response.ContentType = "text/csv; charset=utf-8";
        var stamp = TimeZoneInfo.ConvertTime(now, UkCalendar.London).ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture);
        response.Headers.ContentDisposition = $"attachment; filename=\"audit-log-{user.DesignatedBody.Value}-{stamp}.csv\"";
        response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Export-Limit"] = MaxExportRows.ToString(CultureInfo.InvariantCulture);
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(true), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync("When,Who,Role,Doctor,GMC number,What\r\n");
        var written = 0;
        while (written < Math.Min(total, MaxExportRows))
        {
            var batch = await api.Audit.QueryAuditAsync(user.DesignatedBody, query with { Skip = written, Limit = Math.Min(1_000, MaxExportRows - written) }, ct);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var e in batch)
            {
                var named = directory.Name(e);
                var when = TimeZoneInfo.ConvertTime(e.OccurredAt, UkCalendar.London).ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture);
                await writer.WriteAsync(Row(when, named.Who ?? e.ActorId, AuditPeople.RoleWords(e.ActorRole), named.Doctor, directory.GmcNumberOf(e.DoctorId), named.Summary));
            }

            written += batch.Count;
            await writer.FlushAsync(ct);
        }

        if (total > MaxExportRows)
        {
            await writer.WriteAsync(Row(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
                $"This file holds the newest {MaxExportRows.ToString("N0", CultureInfo.InvariantCulture)} of {total.ToString("N0", CultureInfo.InvariantCulture)} matching events. Narrow the search to export the rest."));
        }

        await writer.FlushAsync(ct);
        return TypedResults.Empty;
    }

    /// <summary>One CSV line; a cell starting with = + - @ (or a tab or carriage return) gets a leading ' so a spreadsheet shows it as text.</summary>
    public static string Row(params string?[] cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    private static string Cell(string? value)
    {
        var text = value ?? string.Empty;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }

    private static string Events(int n) => n == 1 ? "1 event" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} events";

    private static (AuditFilter Filter, List<RuleViolation> Errors) Read(QueryParameters query)
    {
        var filter = new AuditFilter(
            query.Text("q", 200),
            query.Text("person", 200),
            query.Text("doctor", 200),
            query.Text("userId", 200),
            query.Id("doctorId"),
            query.Text("action", 100),
            query.Instant("from"),
            query.Instant("to"));
        var errors = query.Errors.ToList();
        if (filter.From is not null && filter.To is not null && filter.From > filter.To)
        {
            errors.Add(new(RuleIds.Validation, "from", "from must not be after to."));
        }

        return (filter, errors);
    }

    /// <summary>The filters of one request, as given (recorded in the export's audit event).</summary>
    private sealed record AuditFilter(string? Q, string? Person, string? Doctor, string? UserId, Guid? DoctorId, string? Action, DateTimeOffset? From, DateTimeOffset? To)
    {
        public AuditQuery ToQuery(AuditDirectory directory)
        {
            var matches = new List<AuditMatch>();
            if (Q is { } q)
            {
                matches.Add(new(directory.PeopleMatching(q), directory.DoctorsMatching(q)));
            }

            if (Person is { } person)
            {
                matches.Add(new(directory.PeopleMatching(person), []));
            }

            if (Doctor is { } doctor)
            {
                matches.Add(new([], directory.DoctorsMatching(doctor)));
            }

            return new AuditQuery(DoctorId, UserId, From, To, Limit: MaxPageSize, Action: Action, Matches: matches);
        }

        private static string UkDay(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, UkCalendar.London).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

        public string Describe()
        {
            var parts = new List<string>();
            if (Q is not null) parts.Add($"search “{Q}”");
            if (Person is not null) parts.Add($"person “{Person}”");
            if (Doctor is not null) parts.Add($"doctor “{Doctor}”");
            if (UserId is not null) parts.Add($"user {UserId}");
            if (DoctorId is not null) parts.Add("one doctor's record");
            if (Action is not null) parts.Add($"action {Action}");
            if (From is { } f) parts.Add("from " + UkDay(f));
            if (To is { } t) parts.Add("to " + UkDay(t));
            return parts.Count == 0 ? "; no filters" : "; " + string.Join(", ", parts);
        }
    }
}
