namespace Fortify.Scanning.Archives;

/// <summary>An archive was refused: an entry would escape the destination, or a limit was passed.</summary>
public sealed class HostileArchiveException : Exception
{
    /// <summary>Creates the exception for <paramref name="entryName"/> (as named in the archive).</summary>
    public HostileArchiveException(string? entryName, string reason, Exception? innerException = null)
        : base(entryName is null ? $"Archive rejected: {reason}" : $"Archive entry '{entryName}' rejected: {reason}", innerException)
    {
        EntryName = entryName;
        Reason = reason;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public HostileArchiveException()
        : this(null, "hostile archive")
    {
    }

    /// <summary>Creates the exception with a reason only.</summary>
    public HostileArchiveException(string reason)
        : this(null, reason)
    {
    }

    /// <summary>Creates the exception with a reason and the error behind it.</summary>
    public HostileArchiveException(string reason, Exception innerException)
        : this(null, reason, innerException)
    {
    }

    /// <summary>The offending entry's name as stored in the archive; <see langword="null"/> when no entry was at fault.</summary>
    public string? EntryName { get; }

    /// <summary>Why the archive was refused, without the entry name.</summary>
    public string Reason { get; }
}
