namespace Fortify.Core.Webhooks;

public enum DeliveryOutcome
{
    /// <summary>Stored, not yet decided.</summary>
    Received,

    /// <summary>Decided: a job was made, or settings were changed.</summary>
    Processed,

    /// <summary>Stored and answered, but nothing Fortify acts on.</summary>
    Ignored,

    /// <summary>Processing threw; a redelivery or replay processes it again.</summary>
    Failed,
}
