namespace Fortify.GitHubEmulator.Checks;

/// <summary>The limits GitHub enforces on check runs, answered with its 422 <c>Validation Failed</c>.</summary>
internal static class CheckRunValidation
{
    public const int MaxAnnotationsPerRequest = 50;
    public const int MaxOutputLength = 65535;

    private const string Resource = "CheckRun";
    private static readonly string[] Statuses = ["queued", "in_progress", "completed", "waiting", "requested", "pending"];
    private static readonly string[] Conclusions = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"];
    private static readonly string[] AnnotationLevels = ["notice", "warning", "failure"];

    public static List<ValidationError> Validate(CheckRunRequest request, bool creating)
    {
        var errors = new List<ValidationError>();
        if (creating && string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add(new(Resource, "name", "missing_field"));
        }

        if (creating && string.IsNullOrWhiteSpace(request.HeadSha))
        {
            errors.Add(new(Resource, "head_sha", "missing_field"));
        }

        if (request.Status is { } status && !Statuses.Contains(status))
        {
            errors.Add(new(Resource, "status", "invalid", $"'{status}' is not a valid status."));
        }

        if (request.Conclusion is { } conclusion && !Conclusions.Contains(conclusion))
        {
            errors.Add(new(Resource, "conclusion", "invalid", $"'{conclusion}' is not a valid conclusion."));
        }

        if (request.Status == "completed" && request.Conclusion is null)
        {
            errors.Add(new(Resource, "conclusion", "missing_field", "Conclusion is required when status is completed."));
        }

        if (request.Output is { } output)
        {
            ValidateOutput(output, creating, errors);
        }

        return errors;
    }

    private static void ValidateOutput(CheckRunOutputRequest output, bool creating, List<ValidationError> errors)
    {
        if (creating && string.IsNullOrEmpty(output.Title))
        {
            errors.Add(new(Resource, "output.title", "missing_field"));
        }

        if (creating && string.IsNullOrEmpty(output.Summary))
        {
            errors.Add(new(Resource, "output.summary", "missing_field"));
        }

        if (output.Summary?.Length > MaxOutputLength)
        {
            errors.Add(new(Resource, "output.summary", "too_long", $"Summary is too long (maximum is {MaxOutputLength} characters)."));
        }

        if (output.Text?.Length > MaxOutputLength)
        {
            errors.Add(new(Resource, "output.text", "too_long", $"Text is too long (maximum is {MaxOutputLength} characters)."));
        }

        var annotations = output.Annotations ?? [];
        if (annotations.Count > MaxAnnotationsPerRequest)
        {
            errors.Add(new(Resource, "output.annotations", "too_many", $"Only {MaxAnnotationsPerRequest} annotations are allowed per request."));
        }

        foreach (var (annotation, i) in annotations.Select((a, i) => (a, i)))
        {
            var field = $"output.annotations[{i}]";
            if (string.IsNullOrEmpty(annotation.Path) || annotation.StartLine is null || annotation.EndLine is null || string.IsNullOrEmpty(annotation.Message))
            {
                errors.Add(new(Resource, field, "missing_field", "path, start_line, end_line and message are required."));
            }
            else if (annotation.EndLine < annotation.StartLine || annotation.StartLine < 1)
            {
                errors.Add(new(Resource, field, "invalid", "start_line must be at least 1 and not after end_line."));
            }

            if (!AnnotationLevels.Contains(annotation.AnnotationLevel))
            {
                errors.Add(new(Resource, $"{field}.annotation_level", "invalid", $"'{annotation.AnnotationLevel}' is not a valid annotation level."));
            }

            // GitHub accepts columns only on single-line annotations.
            if ((annotation.StartColumn is not null || annotation.EndColumn is not null) && annotation.StartLine != annotation.EndLine)
            {
                errors.Add(new(Resource, field, "invalid", "start_column and end_column are only valid when start_line equals end_line."));
            }
        }
    }
}
