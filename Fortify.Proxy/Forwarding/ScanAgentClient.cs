using System.Net.Http.Json;
using Fortify.Core.Json;
using Fortify.Core.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Fortify.Proxy.Forwarding;

/// <summary>Hands verified deliveries to the scan agent, with their original body and GitHub headers.</summary>
internal sealed class ScanAgentClient(HttpClient http, IOptions<ScanAgentOptions> options)
{
    public const string DeliveriesPath = "/internal/deliveries";

    public async Task<ForwardResult> ForwardAsync(WebhookEnvelope envelope, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, DeliveriesPath)
        {
            Content = new ByteArrayContent(envelope.Body),
        };
        foreach (var (name, value) in envelope.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation(GitHubHeaders.AgentApiKey, options.Value.ApiKey);
        if (envelope.SourceAddress is not null)
        {
            request.Headers.TryAddWithoutValidation(GitHubHeaders.SourceAddress, envelope.SourceAddress);
        }

        // One budget for the whole exchange, body included: an agent that dies after its headers must not hold GitHub's request.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Value.Timeout + TimeSpan.FromSeconds(1));
        try
        {
            using var response = await http.SendAsync(request, budget.Token);
            if (response.IsSuccessStatusCode)
            {
                var receipt = await response.Content.ReadFromJsonAsync<DeliveryReceipt>(FortifyJson.Options, budget.Token);
                return receipt is null
                    ? new ForwardResult.Unavailable("The scan agent answered without a receipt.")
                    : new ForwardResult.Accepted(receipt);
            }

            if ((int)response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType)
            {
                var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(budget.Token);
                return new ForwardResult.Rejected((int)response.StatusCode, problem?.Detail ?? "The scan agent refused the delivery.");
            }

            return new ForwardResult.Unavailable($"The scan agent answered {(int)response.StatusCode}.");
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            or OperationCanceledException or System.Text.Json.JsonException or IOException)
        {
            return new ForwardResult.Unavailable($"The scan agent is unreachable: {exception.GetType().Name}.");
        }
    }
}
