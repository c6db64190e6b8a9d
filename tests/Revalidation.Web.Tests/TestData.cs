using System.Net;
using System.Text;
using System.Text.Json;
using Revalidation.Api.Contracts;
using Revalidation.Web.Services;
using Revalidation.Contracts;

namespace Revalidation.Web.Tests;

/// <summary>API answers as the UI receives them, built in code.</summary>
public static class TestData
{
    public static readonly DateOnly Rsd = new(2027, 3, 25);

    public static AppraisalYearResponse Year(int year, AppraisalYearStatus status, DeclarationResponse? declaration = null, params SupportingInformationType[] evidence) =>
        new(year, $"{year}/{(year + 1) % 100:00}", status, "1", new DateOnly(year, 5, 1), null, null, false, null, declaration, evidence);

    public static DeclarationResponse Declared(bool probity = true, bool health = true, bool noEvents = false, bool noComplaints = false) =>
        new(probity, health, noEvents, noComplaints, new DateOnly(2026, 6, 1));

    /// <summary>The rules as the API serves them: by default the deferral bounds of the default configuration (60 to 365 days).</summary>
    public static DoctorRulesResponse Rules(int minDays = 61, int maxDays = 364, bool consecutive = false, IReadOnlyList<ChecklistGroupResponse>? checklist = null) =>
        new(new DeferralBoundsResponse(Rsd.AddDays(minDays), Rsd.AddDays(maxDays), minDays, maxDays), consecutive, checklist ?? []);

    public static DoctorResponse Doctor(IReadOnlyList<AppraisalYearResponse> years, RecommendationResponse? open = null, DoctorRulesResponse? rules = null) => new(
        Guid.Parse("11111111-1111-1111-1111-111111111111"), "Fiona", "Singh", "1234567", null, "Paediatrics", null, DoctorStatus.Active, null,
        false, false, 5, null,
        new CycleResponse(1, new DateOnly(2022, 3, 25), Rsd, true, Rsd.AddMonths(-6), Rsd.AddDays(-120), Rsd.AddDays(-10), 119, 93),
        true, false, new ReadinessResponse(false, [], DeferralReason.InsufficientEvidence, [DeferralSubReason.ColleagueFeedback], []),
        years, open, "etag-1", null, rules ?? Rules());

    public static MeResponse Me(string role) => new("user-1", "Test User", [role], "1-DEMO01", "Demo Trust", null);
}

/// <summary>The API on the other side of HttpClient: records each request and answers with a fixed body.</summary>
public sealed class FakeApi : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, (HttpStatusCode Status, object? Body)> answer;

    public FakeApi(Func<HttpRequestMessage, (HttpStatusCode, object?)> answer) => this.answer = answer;

    public List<(HttpMethod Method, string PathAndQuery, string? Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add((request.Method, request.RequestUri!.PathAndQuery, request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
        var (status, body) = answer(request);
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(body is string s ? s : JsonSerializer.Serialize(body, ApiClient.Json), Encoding.UTF8,
                (int)status >= 400 ? "application/problem+json" : "application/json"),
        };
    }

    public ApiClient Client() => new(new HttpClient(this) { BaseAddress = new Uri("http://localhost/") }, new NoToken());

    private sealed class NoToken : ITokenSource
    {
        public ValueTask<string?> GetTokenAsync() => ValueTask.FromResult<string?>("token");
    }
}
