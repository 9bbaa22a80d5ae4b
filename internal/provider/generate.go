package provider

// The program-side Go SDK of this provider, sdk/go/domecloudflare, is generated from its
// schema (GoLanguage says where the package lives). After changing any Args, State,
// Config or annotation, regenerate it with `make sdk` (this directive): the test of
// scripts/gensdk fails while the checked-in SDK differs from what it would write.

//go:generate go run ../../scripts/gensdk -out ../../sdk
