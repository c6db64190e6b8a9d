using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Revalidation.Core.Alerts;
using Revalidation.Infrastructure.Jobs;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests.Observability;

/// <summary>
/// README "Observability", hazard H90: no personal data leaves in telemetry. The Server exports to in-memory exporters
/// through a busy scenario (the demo seeded and its directory synced, sign-ins, caseload and doctor reads by id,
/// an evidence upload, a failed read, the deadline scan and mail dispatch), and every exported span, metric and log
/// is searched for any doctor's or staff member's name, email address, GMC number and id.
/// </summary>
public sealed class TelemetryPersonalDataTests
{
    [Fact]
    public async Task Telemetry_ThroughABusyScenario_CarriesNoNameEmailGmcNumberOrDoctorId()
    {
        List<Activity> spans = [];
        List<MetricSnapshot> metrics = [];
        var logs = new LogTextExporter();
        var factory = new ApiFactory
        {
            TestServices = services => services
                .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics))
                .ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(new SimpleLogRecordExportProcessor(logs))),
        };
        factory.Settings["Jobs:Enabled"] = "true";
        List<(string Text, Kind Kind)> personal;
        try
        {
            // The jobs: the demo's deadline scan and the dispatch of its alerts (their keys carry doctor ids).
            var runs = factory.Services.GetRequiredService<JobRunLog>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var scan = await runs.WaitForAsync(r => r.Job == DeadlineScanJob.Name, timeout.Token);
            await runs.WaitForAsync(r => r.Job == MailDispatchJob.Name && r.StartSequence > scan.Sequence, timeout.Token);

            // Sign-ins, and reads by id, by everyone who reads doctors.
            using var anonymous = factory.CreateClient();
            using (var token = await anonymous.PostAsJsonAsync("/api/demo/token", new { persona = "ro" }))
            {
                Assert.Equal(HttpStatusCode.OK, token.StatusCode);
            }

            var summaries = await factory.Doctors.ListDoctorSummariesAsync(DemoSeeder.DemoBody);
            using var ro = factory.ResponsibleOfficer();
            using var admin = factory.Admin();
            using var appraiser = factory.Appraiser();
            Assert.Equal(HttpStatusCode.OK, (await ro.GetAsync("/api/caseload")).StatusCode);
            foreach (var doctor in summaries.Take(8))
            {
                Assert.Equal(HttpStatusCode.OK, (await ro.GetAsync($"/api/doctors/{doctor.Id}?q={Uri.EscapeDataString(doctor.FamilyName)}&gmc={doctor.GmcNumber.Value}")).StatusCode);
                (await admin.GetAsync($"/api/doctors/{doctor.Id}/audit")).Dispose();
                (await appraiser.GetAsync($"/api/doctors/{doctor.Id}/appraisals")).Dispose();
            }

            // A doctor of their own: an evidence upload and a read of someone else's record (refused).
            var own = await TestDoctors.CreateAsync(factory, rsdInDays: 200, familyName: "Quillfeather");
            using (var client = factory.ClientFor(own))
            {
                using var upload = await client.UploadAsync(own.Id, Files.Cpd(factory.Today.AddDays(-1), "Quillfeather certificate.pdf", Uploads.Pdf(), title: "Course of Dr Quillfeather"));
                Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
                Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync($"/api/doctors/{summaries[0].Id}")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);

            personal = await PersonalDataAsync(factory);
            Assert.Contains((own.Id.ToString(), Kind.Identifier), personal);
            Assert.Contains(("Quillfeather", Kind.Name), personal);
            Assert.NotEmpty((await factory.Outbox.ListAlertsInStateAsync(DemoSeeder.DemoBody, AlertState.Sent, 10)));

            factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
            factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
            factory.Services.GetRequiredService<LoggerProvider>().ForceFlush();
        }
        finally
        {
            // Stopping the Server also stops its exporters, so that the lists are read while nothing writes to them.
            await factory.DisposeAsync();
        }

        var exported = SpanTexts(spans).Concat(MetricTexts(metrics)).Concat(logs.Texts).ToList();

        // The scenario did export: its request spans (by route), the operator's metrics, and the jobs' logs.
        Assert.True(spans.Any(s => s.GetTagItem("http.route") is "/api/doctors/{doctorId:guid}/"), string.Join(", ", spans.Select(s => $"{s.DisplayName} [{s.GetTagItem("http.route")}]").Distinct()));
        Assert.Contains(spans, s => s.DisplayName == $"job {MailDispatchJob.Name}");
        Assert.Contains(metrics, m => m.Name == "revalidation.alerts.pending");
        Assert.Contains(metrics, m => m.Name == "revalidation.alerts.sent");
        Assert.Contains(logs.Texts, t => t.Contains("Mail dispatch:", StringComparison.Ordinal));
        var leaks = (from text in exported
                     from value in personal
                     where value.Kind == Kind.Name
                         ? Regex.IsMatch(text, $@"\b{Regex.Escape(value.Text)}\b", RegexOptions.CultureInvariant)
                         : text.Contains(value.Text, StringComparison.OrdinalIgnoreCase)
                     select $"'{value.Text}' in: {text}").Distinct().Take(10).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    private enum Kind
    {
        Name,
        Identifier,
    }

    /// <summary>
    /// Every doctor's names, email, GMC number and id (in its usual spellings), and the demo staff's names and emails.
    /// Names are matched as whole words, the rest anywhere and in any case.
    /// </summary>
    private static async Task<List<(string Text, Kind Kind)>> PersonalDataAsync(ApiFactory factory)
    {
        List<(string, Kind)> values = [];
        foreach (var d in await factory.Doctors.ListDoctorSummariesAsync(DemoSeeder.DemoBody))
        {
            values.AddRange([(d.GivenName, Kind.Name), (d.FamilyName, Kind.Name), (d.GmcNumber.Value, Kind.Identifier), (d.Id.ToString(), Kind.Identifier), (d.Id.ToString("N"), Kind.Identifier)]);
            if (d.Email is { } email)
            {
                values.Add((email, Kind.Identifier));
            }
        }

        foreach (var staff in new[] { DemoSeeder.ResponsibleOfficer, DemoSeeder.Appraiser })
        {
            values.AddRange([(staff.Name, Kind.Name), (staff.Email!, Kind.Identifier), (staff.GmcNumber!, Kind.Identifier)]);
        }

        // Names of fewer than four letters ("Li") would match ordinary words, and the test doctors' given name "Test"
        // is one (their family names, such as "Quillfeather", are not).
        return [.. values.Where(v => !string.IsNullOrWhiteSpace(v.Item1) && v.Item1.Length >= 4 && v.Item1 != "Test").Distinct()];
    }

    private static IEnumerable<string> SpanTexts(IEnumerable<Activity> spans) =>
        spans.SelectMany(s => new[] { s.DisplayName, s.OperationName, s.StatusDescription ?? string.Empty }
            .Concat(s.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(s.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}: {t.Key}={t.Value}").Append(e.Name)))
            .Concat(s.Baggage.Select(b => $"{b.Key}={b.Value}"))
            .Select(text => $"span {s.DisplayName}: {text}"));

    private static IEnumerable<string> MetricTexts(IEnumerable<MetricSnapshot> metrics)
    {
        foreach (var metric in metrics)
        {
            yield return $"metric {metric.Name} {metric.Description} {metric.Unit}";
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    yield return $"metric {metric.Name}: {tag.Key}={tag.Value}";
                }
            }
        }
    }

    /// <summary>An exporter that keeps each log record as text when it is exported (log records are pooled and reused).</summary>
    private sealed class LogTextExporter : BaseExporter<LogRecord>
    {
        private readonly List<string> texts = [];

        public IReadOnlyList<string> Texts
        {
            get
            {
                lock (texts)
                {
                    return [.. texts];
                }
            }
        }

        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            List<string> these = [];
            foreach (var record in batch)
            {
                these.Add($"log {record.CategoryName}: {record.Body} | {record.FormattedMessage} | {record.EventId.Name}");
                these.AddRange((record.Attributes ?? []).Select(a => $"log {record.CategoryName}: {a.Key}={a.Value}"));
                if (record.Exception is { } exception)
                {
                    these.Add($"log {record.CategoryName}: {exception}");
                }
            }

            lock (texts)
            {
                texts.AddRange(these);
            }

            return ExportResult.Success;
        }
    }
}
