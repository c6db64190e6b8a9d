using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Revalidation.Api.Security;

/// <summary>A named demo sign-in (Development only).</summary>
public sealed record DemoPersona(string Key, string UserId, string Name, string Role, string DesignatedBody, string Description);

/// <summary>
/// Issues signed JWTs for demo personas, validated by the same JWT bearer handler as production tokens.
/// Registered only when Auth:Mode is Demo, which the API refuses outside Development.
/// </summary>
public sealed class DemoTokenIssuer
{
    private readonly DemoAuthOptions options;
    private readonly TimeProvider time;

    public DemoTokenIssuer(IOptions<AuthOptions> authOptions, TimeProvider time)
    {
        options = authOptions.Value.Demo;
        this.time = time;
        var keyBytes = string.IsNullOrWhiteSpace(options.SigningKey) ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(options.SigningKey);
        if (keyBytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:Demo:SigningKey must be at least 32 bytes (base64).");
        }

        SigningKey = new SymmetricSecurityKey(keyBytes) { KeyId = "demo" };
    }

    public SymmetricSecurityKey SigningKey { get; }

    public string Issuer => options.Issuer;

    public string Audience => options.Audience;

    public string Issue(string userId, string name, IEnumerable<string> roles, string designatedBody, string designatedBodyClaim = "designated_body")
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(CurrentUser.ObjectIdClaim, userId),
            new("sub", userId),
            new(CurrentUser.NameClaim, name),
            new(designatedBodyClaim, designatedBody),
        };
        claims.AddRange(roles.Select(r => new Claim(CurrentUser.RoleClaim, r)));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(options.TokenLifetime),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public string Issue(DemoPersona persona, string designatedBodyClaim = "designated_body") =>
        Issue(persona.UserId, persona.Name, [persona.Role], persona.DesignatedBody, designatedBodyClaim);
}
