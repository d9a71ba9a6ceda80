using System.Collections.Immutable;

namespace Fortify.GitHubEmulator.Checks;

internal sealed record CheckRun(
    long Id,
    long RepositoryId,
    string HeadSha,
    string Name,
    string Status,
    string? Conclusion,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? ExternalId,
    string? DetailsUrl,
    string? OutputTitle,
    string? OutputSummary,
    string? OutputText,
    ImmutableList<Annotation> Annotations);

internal sealed record Annotation(
    string Path, int StartLine, int EndLine, int? StartColumn, int? EndColumn, string AnnotationLevel, string Message, string? Title, string? RawDetails);

/// <summary>The body of <c>POST</c> and <c>PATCH /repos/{owner}/{repo}/check-runs</c>; absent fields stay as they are on PATCH.</summary>
internal sealed record CheckRunRequest(
    string? Name,
    string? HeadSha,
    string? Status,
    string? Conclusion,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? ExternalId,
    string? DetailsUrl,
    CheckRunOutputRequest? Output);

internal sealed record CheckRunOutputRequest(string? Title, string? Summary, string? Text, IReadOnlyList<AnnotationRequest>? Annotations);

internal sealed record AnnotationRequest(
    string? Path,
    int? StartLine,
    int? EndLine,
    int? StartColumn,
    int? EndColumn,
    string? AnnotationLevel,
    string? Message,
    string? Title,
    string? RawDetails);
