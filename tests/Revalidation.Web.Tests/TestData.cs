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
    public static DoctorRulesResponse Rules(int minDays = 61, int maxDays = 364, bool consecutive = false, IReadOnlyList<ChecklistGroupResponse>? checklist = null,
        bool rsdConfirmed = true, bool onHold = false) =>
        new(new DeferralBoundsResponse(Rsd.AddDays(minDays), Rsd.AddDays(maxDays), minDays, maxDays), consecutive, checklist ?? [], Criteria, Statements, rsdConfirmed, onHold);

    /// <summary>The GMC's six non-engagement criteria as the API serves them (fields in camel case).</summary>
    public static readonly IReadOnlyList<StatementResponse> Criteria =
    [
        new("hadOpportunityAndSupportButDidNotEngage", "The doctor has been given sufficient opportunity and support to engage in appraisal.", false),
        new("informationInsufficientAndWillRemainSo", "You do not have, and do not anticipate having, sufficient information.", false),
        new("deferralCriteriaNotMet", "You have assured yourself that the doctor does not meet the criteria for a recommendation to defer.", false),
        new("localProcessesExhausted", "All reasonable local processes have been exhausted in attempts to rectify the doctor's failure to engage.", false),
        new("fitnessToPractiseConcernsNotified", "Where applicable, you have notified us of any unaddressed concerns about the fitness to practise of the doctor.", true),
        new("publicInterestConcernsDiscussed", "Where applicable, you have discussed any public interest concerns raised by the doctor with your Employer Liaison Adviser.", true),
    ];

    /// <summary>The GMC's statements for a positive recommendation as the API serves them.</summary>
    public static readonly IReadOnlyList<StatementResponse> Statements =
    [
        new("participatedInAppraisal", "The doctor has participated in annual appraisal that covers the whole of their practice.", false),
        new("supportingInformationCollected", "The doctor has collected and reflected on the supporting information the GMC requires.", false),
        new("otherInformationConsidered", "I have considered all the other information available to me about the doctor's practice.", false),
        new("compliesWithGmcConditions", "Where applicable, the doctor complies with any GMC conditions or undertakings.", false),
        new("compliesWithLocalConditions", "Where applicable, the doctor complies with any locally agreed conditions or restrictions.", false),
        new("noUnaddressedConcerns", "I know of no unaddressed concerns about the doctor's fitness to practise.", false),
    ];

    /// <summary>A readiness gap of the year 2025/26, and a judgement item of the cycle.</summary>
    public static readonly IReadOnlyList<GapResponse> Gaps =
    [
        new("cpd-missing", "R16", 2025, "2025/26", "No CPD recorded for 2025/26.", DeferralSubReason.ContinuingProfessionalDevelopment),
        new("patient-feedback-alternative", "R17", null, null, "Patient feedback was replaced by an agreed alternative.", null, Judgement: true),
    ];

    public static DoctorResponse Doctor(IReadOnlyList<AppraisalYearResponse> years, RecommendationResponse? open = null, DoctorRulesResponse? rules = null,
        IReadOnlyList<GapResponse>? gaps = null) => new(
        Guid.Parse("11111111-1111-1111-1111-111111111111"), "Fiona", "Singh", "1234567", null, "Paediatrics", null, DoctorStatus.Active, null,
        false, false, 5, null,
        new CycleResponse(1, new DateOnly(2022, 3, 25), Rsd, true, Rsd.AddMonths(-6), Rsd.AddDays(-120), Rsd.AddDays(-10), 119, 93),
        true, false, new ReadinessResponse(false, gaps ?? [], DeferralReason.InsufficientEvidence, [DeferralSubReason.ColleagueFeedback], []),
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
