namespace Revalidation.Server;

/// <summary>
/// The launch profile's default environment. The profile sets REVALIDATION_DEFAULT_ENVIRONMENT (not
/// ASPNETCORE_ENVIRONMENT, which would override the user's own setting): it applies only when neither
/// ASPNETCORE_ENVIRONMENT nor DOTNET_ENVIRONMENT is set, and a command-line --environment still wins over it.
/// A published Server (no launch profile) defaults to Production, as ASP.NET Core does.
/// </summary>
public static class LaunchDefaults
{
    public const string DefaultEnvironmentVariable = "REVALIDATION_DEFAULT_ENVIRONMENT";

    public static void ApplyDefaultEnvironment()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))
            && Environment.GetEnvironmentVariable(DefaultEnvironmentVariable) is { Length: > 0 } environment)
        {
            Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", environment);
        }
    }
}
