using System.Diagnostics;
using System.Net.Http.Headers;

namespace Fortify.LoadTest.Load;

/// <summary>
/// One sender: closed-loop, it sends the next delivery as soon as the previous one is answered; paced, when the next
/// one is due (see <see cref="SendSchedule"/>).
/// </summary>
internal sealed class WebhookSender(HttpClient client, LoadOptions options, byte[] key, int index, MeasurementWindow window, SendSchedule? schedule)
{
    public async Task<SenderTally> RunAsync(CancellationToken cancellationToken)
    {
        var tally = new SenderTally();
        var payload = new PullRequestPayload(options.PayloadSize);

        for (long round = 0; !cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < window.End; round++)
        {
            if (schedule is not null && schedule.NextDue >= window.End)
            {
                break;
            }

            // Interleaved sequence numbers keep every sender's deliveries distinct without shared state.
            var body = payload.Write((round * options.Concurrency) + index);
            tally.RecordBody(body.Length);
            using var request = new HttpRequestMessage(HttpMethod.Post, options.Url)
            {
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(key, body));

            // Built before the wait, so only the service's time (and the timer's lateness) counts when paced.
            var started = schedule is null ? Stopwatch.GetTimestamp() : await schedule.NextAsync(cancellationToken);
            try
            {
                // The default completion option reads the whole answer, so the time is the full round trip.
                using var response = await client.SendAsync(request, cancellationToken);
                tally.RecordAnswer(window, started, Stopwatch.GetTimestamp(), (int)response.StatusCode);
            }
            catch (HttpRequestException exception)
            {
                tally.RecordError(window, Stopwatch.GetTimestamp(), Describe(exception));
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                tally.RecordError(window, Stopwatch.GetTimestamp(), $"no answer within {client.Timeout.TotalSeconds:0} s");
            }
        }

        return tally;
    }

    // Some messages only say "see inner exception"; the inner one names the actual cause.
    private static string Describe(HttpRequestException exception) =>
        exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{exception.Message} ({inner.Message})"
            : exception.Message;
}
