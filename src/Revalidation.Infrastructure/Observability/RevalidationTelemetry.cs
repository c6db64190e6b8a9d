using System.Diagnostics;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// The product's own telemetry names: one <see cref="ActivitySource"/> and one meter, both "Revalidation", so that
/// every host (Server, Worker, Functions) exports the same signals (README "Observability").
/// </summary>
public static class RevalidationTelemetry
{
    /// <summary>The name of the product's activity source and of its meter.</summary>
    public const string Name = "Revalidation";

    /// <summary>The product's spans (job runs); their tags carry counts and designated-body ids only, never personal data.</summary>
    public static readonly ActivitySource Source = new(Name);
}
