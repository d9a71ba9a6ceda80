using System.Threading.Channels;

namespace Fortify.Core.Batching;

/// <summary>
/// Turns many small requests into few round trips without waiting on a timer: the first request runs at once, and
/// whatever arrives while a batch is in flight goes out together in the next. Idle, a request costs what it always
/// did; busy, hundreds of jobs share one statement.
/// </summary>
public sealed class OpportunisticBatcher<TIn, TOut> : IAsyncDisposable
{
    private readonly Channel<(TIn Item, TaskCompletionSource<TOut> Done)> _queue =
        Channel.CreateUnbounded<(TIn, TaskCompletionSource<TOut>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<TIn>, Task<IReadOnlyList<TOut>>> _run;
    private readonly int _maxBatch;
    private readonly Task _loop;

    /// <param name="run">Runs one batch; its results are in the order of its inputs.</param>
    public OpportunisticBatcher(Func<IReadOnlyList<TIn>, Task<IReadOnlyList<TOut>>> run, int maxBatch)
    {
        _run = run;
        _maxBatch = maxBatch;
        _loop = Task.Run(LoopAsync);
    }

    public Task<TOut> RunAsync(TIn item)
    {
        var done = new TaskCompletionSource<TOut>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(OpportunisticBatcher<TIn, TOut>)));
        }

        return done.Task;
    }

    private async Task LoopAsync()
    {
        var batch = new List<(TIn Item, TaskCompletionSource<TOut> Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                var results = await _run([.. batch.Select(b => b.Item)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                // Each caller sees the failure as its own, exactly as if it had made the call alone.
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(exception);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
