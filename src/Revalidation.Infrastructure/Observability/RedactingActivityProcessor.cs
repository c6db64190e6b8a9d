using System.Diagnostics;
using OpenTelemetry;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// Runs before any exporter: a span keeps its route template (<c>http.route</c>, "GET /api/doctors/{id}") but not
/// the raw path or query (which carry doctor ids and search words), and the host but not the path of an outgoing
/// call; every other text tag, the span's name and its status are redacted (<see cref="PersonalDataRedaction"/>).
/// </summary>
public sealed class RedactingActivityProcessor : BaseProcessor<Activity>
{
    /// <summary>Tags dropped outright: raw paths, queries and full URLs (OpenTelemetry semantic conventions, plus their older names).</summary>
    private static readonly string[] Dropped = ["url.path", "url.query", "http.target", "http.url", "http.request.body", "http.response.body"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var name in Dropped)
        {
            if (data.GetTagItem(name) is not null)
            {
                data.SetTag(name, null);
            }
        }

        if (data.GetTagItem("url.full") is string full && Uri.TryCreate(full, UriKind.Absolute, out var uri))
        {
            // The host says which service was called; the path and query may name the doctor.
            data.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority));
        }

        foreach (var tag in data.TagObjects.ToList())
        {
            if (tag.Value is not null && PersonalDataRedaction.RedactValue(tag.Value) is var redacted && !Equals(redacted, tag.Value))
            {
                data.SetTag(tag.Key, redacted);
            }
        }

        data.DisplayName = PersonalDataRedaction.Redact(data.DisplayName) ?? string.Empty;
        if (data.StatusDescription is { } description)
        {
            data.SetStatus(data.Status, PersonalDataRedaction.Redact(description));
        }
    }
}
