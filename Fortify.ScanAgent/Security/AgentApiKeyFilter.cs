using System.Security.Cryptography;
using System.Text;
using Fortify.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace Fortify.ScanAgent.Security;

/// <summary>The agent is internal: every caller presents the service credential, compared in constant time.</summary>
internal static class AgentApiKeyFilter
{
    public static RouteGroupBuilder RequireAgentApiKey(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<AgentApiKeyOptions>>().Value.ApiKey;
            var presented = context.HttpContext.Request.Headers[GitHubHeaders.AgentApiKey].ToString();
            // Hashing first makes the comparison's time independent of the lengths too.
            if (!CryptographicOperations.FixedTimeEquals(
                    SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Service credential required",
                    detail: $"The scan agent answers only callers that present {GitHubHeaders.AgentApiKey}.");
            }

            return await next(context);
        });
        return group;
    }
}
