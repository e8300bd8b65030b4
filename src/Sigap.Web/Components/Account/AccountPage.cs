using Microsoft.AspNetCore.Components.Forms;

namespace Sigap.Web.Components.Account;

/// <summary>Helpers the account pages share: field errors by camelCase name and safe return addresses.</summary>
internal static class AccountPage
{
    /// <summary>A return address is followed only when it stays on this site (<see cref="Sigap.Web.Platform.Security.LocalUrls"/>) and is not the sign-out.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith("/account/logout", StringComparison.OrdinalIgnoreCase) ? "/" : Sigap.Web.Platform.Security.LocalUrls.OrHome(returnUrl);
}

/// <summary>
/// Errors of one form: per field (camelCase, as the API names them) and general ones (field ""). Attached to the form's
/// EditContext, field errors also mark their input (class "invalid", aria-invalid) the way Blazor's validation does.
/// </summary>
public sealed class FormErrors
{
    private readonly List<(string Field, string Message)> _items = [];
    private EditContext? _edit;
    private ValidationMessageStore? _store;

    /// <summary>Call at the start of the submit handler with the EditContext the form passes to OnSubmit.</summary>
    public void Attach(EditContext edit)
    {
        if (ReferenceEquals(edit, _edit)) return;
        _edit = edit;
        _store = new ValidationMessageStore(edit);
    }

    public bool Any => _items.Count > 0;
    public void Add(string field, string message)
    {
        _items.Add((field, message));
        // "newPassword" → property NewPassword of the form's model.
        if (_edit is not null && _store is not null && field.Length > 0)
        {
            _store.Add(_edit.Field(char.ToUpperInvariant(field[0]) + field[1..]), message);
            _edit.NotifyValidationStateChanged();
        }
    }

    public void Clear()
    {
        _items.Clear();
        _store?.Clear();
    }
    public IEnumerable<string> For(string field) => _items.Where(e => e.Field == field).Select(e => e.Message);
    public IEnumerable<string> General => For("");
    public bool Has(string field) => _items.Any(e => e.Field == field);

    /// <summary>Takes a handler's failure: its field errors (named as the API names its fields), else its message.</summary>
    public void Add(Sigap.Web.Platform.Errors.Failure failure)
    {
        if (failure.Errors is { Count: > 0 } errors)
            foreach (var (field, messages) in errors)
                foreach (var message in messages) Add(field, message);
        else Add("", failure.Message);
    }

    public void Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, Sigap.Web.Platform.Localization.Texts.Get("validation.required"));
    }
}
