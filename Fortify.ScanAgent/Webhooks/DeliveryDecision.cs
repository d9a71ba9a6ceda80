namespace Fortify.ScanAgent.Webhooks;

/// <summary>
/// What is written back to a stored delivery once it is decided. Unless <see cref="Replay"/> is set, the write only
/// lands while the delivery is undecided, so of two processors racing on one delivery exactly one decides it.
/// </summary>
internal sealed record DeliveryDecision(long Id, string DeliveryId, string? Action, string? Repository, long? InstallationId, bool Replay);
