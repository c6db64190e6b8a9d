using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Server.Http;

namespace Revalidation.Server.Demo;

/// <summary>
/// Development-only sign-in: pick a persona, get a signed JWT that the API validates exactly as it would
/// an Entra ID token. Mapped only in Development with Auth:Mode Demo (start-up refuses Demo elsewhere), and it answers
/// only requests from a loopback address: to anyone else the endpoints do not exist (404).
/// </summary>
public static class DemoSignIn
{
    public static IReadOnlyList<DemoPersona> Personas { get; } =
    [
        new("doctor", DemoSeeder.DoctorPersonaId, DemoSeeder.DoctorPersonaName, Roles.Doctor, DemoSeeder.DemoBody.Value, "A doctor under notice with gaps in their supporting information."),
        new("appraiser", DemoSeeder.Appraiser.UserId, DemoSeeder.Appraiser.Name, Roles.Appraiser, DemoSeeder.DemoBody.Value, "Appraiser allocated to every demo doctor."),
        new("ro", DemoSeeder.ResponsibleOfficer.UserId, DemoSeeder.ResponsibleOfficer.Name, Roles.ResponsibleOfficer, DemoSeeder.DemoBody.Value, "The designated body's responsible officer."),
        new("manager", DemoSeeder.RevalidationManager.UserId, DemoSeeder.RevalidationManager.Name, Roles.RevalidationManager, DemoSeeder.DemoBody.Value, "Revalidation manager: prepares recommendations for the responsible officer, runs appraisal administration and the queues. Cannot submit."),
        new("md", "demo-medical-director", "Dr Jordan Ellis", Roles.MedicalDirector, DemoSeeder.DemoBody.Value, "Medical director: compliance dashboard and reports."),
        new("admin", "demo-admin", "Casey Brooks", Roles.Admin, DemoSeeder.DemoBody.Value, "Revalidation admin: settings, assignments, audit log."),
    ];

    public static void MapDemoSignIn(this IEndpointRouteBuilder endpoints)
    {
        var demo = endpoints.MapGroup("/api/demo").WithTags("Demo sign-in (Development only)").AllowAnonymous()
            .RequireRateLimiting(RateLimits.SignInPolicy)
            .AddEndpointFilter(async (context, next) => IsLoopback(context.HttpContext.Connection.RemoteIpAddress)
                ? await next(context)
                : TypedResults.NotFound());
        demo.MapGet("/personas", () => TypedResults.Ok(Personas.Select(ToResponse).ToList()))
            .WithSummary("The demo personas. Anonymous; Development only.");
        demo.MapPost("/token", IssueToken)
            .WithSummary("A signed token for a persona: POST {\"persona\":\"ro\"}. Anonymous; Development only.");
    }

    private static Results<Ok<DemoTokenResponse>, ProblemHttpResult> IssueToken(DemoTokenRequest request, DemoTokenIssuer issuer, IOptions<AuthOptions> auth)
    {
        var persona = Personas.FirstOrDefault(p => string.Equals(p.Key, request.Persona, StringComparison.OrdinalIgnoreCase));
        if (persona is null)
        {
            return ApiResults.Invalid("persona", $"persona is one of: {string.Join(", ", Personas.Select(p => p.Key))}.");
        }

        return TypedResults.Ok(new DemoTokenResponse(issuer.Issue(persona, auth.Value.DesignatedBodyClaim), "Bearer", ToResponse(persona)));
    }

    /// <summary>A loopback caller (127.0.0.0/8, ::1, or IPv4 loopback mapped to IPv6); an unknown address is not one.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static DemoPersonaResponse ToResponse(DemoPersona p) => new(p.Key, p.Name, p.Role, p.DesignatedBody, p.Description);
}
