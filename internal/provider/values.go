package provider

// deref returns *v or the zero value.
func deref[T any](v *T) T {
	if v == nil {
		var zero T
		return zero
	}
	return *v
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }

// nonEmptyPtr returns nil for "" and a pointer otherwise (the API reports unset optional
// strings as "").
func nonEmptyPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
