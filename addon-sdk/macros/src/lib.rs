//! nabi-sdk-macros: the attribute macros of `nabi-sdk` (`#[export]`,
//! `#[class]`, `#[methods]`, `#[object]`, `#[module_init]`).
//!
//! The expansions only generate glue: a `extern "C"` callback per function that
//! calls the thin generic helpers in `nabi_sdk::private`, and a registration
//! entry in a link-time list. What it must not do: put conversion logic in the
//! expansion (it lives in the SDK, once), or accept an option it does not know
//! (every unknown option is a compile error naming it).

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{
    Attribute, Expr, FnArg, ImplItem, Item, ItemFn, ItemImpl, Lit, Meta, Pat, ReturnType, Token,
    Type,
};

/// Parsed `key = "value"` / flag options of an attribute.
struct Options {
    js_name: Option<String>,
    string: bool,
    ts_args_type: Option<String>,
    ts_return_type: Option<String>,
    /// Set by `#[export] mod`: the item goes on that namespace object.
    namespace: Option<String>,
}

fn parse_options(attr: TokenStream2, allowed: &[&str]) -> syn::Result<Options> {
    let mut o = Options {
        js_name: None,
        string: false,
        ts_args_type: None,
        ts_return_type: None,
        namespace: None,
    };
    if attr.is_empty() {
        return Ok(o);
    }
    let metas = Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr)?;
    for m in metas {
        let name = m
            .path()
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_else(|| quote!(#m).to_string());
        if !allowed.contains(&name.as_str()) {
            return Err(syn::Error::new(
                m.span(),
                format!(
                    "nabi_sdk: unknown option `{name}` (known options here: {})",
                    if allowed.is_empty() {
                        "none".to_string()
                    } else {
                        allowed.join(", ")
                    }
                ),
            ));
        }
        match (&*name, &m) {
            ("js_name", Meta::NameValue(nv)) => o.js_name = Some(lit_str(&nv.value)?),
            ("namespace", Meta::NameValue(nv)) => o.namespace = Some(lit_str(&nv.value)?),
            ("ts_args_type", Meta::NameValue(nv)) => o.ts_args_type = Some(lit_str(&nv.value)?),
            ("ts_return_type", Meta::NameValue(nv)) => {
                o.ts_return_type = Some(lit_str(&nv.value)?)
            }
            ("string", Meta::Path(_)) => o.string = true,
            _ => {
                return Err(syn::Error::new(
                    m.span(),
                    format!("nabi_sdk: option `{name}` has the wrong form (use `js_name = \"...\"` or a bare flag)"),
                ))
            }
        }
    }
    Ok(o)
}

fn lit_str(e: &Expr) -> syn::Result<String> {
    if let Expr::Lit(l) = e {
        if let Lit::Str(s) = &l.lit {
            return Ok(s.value());
        }
    }
    Err(syn::Error::new(
        e.span(),
        "nabi_sdk: expected a string literal",
    ))
}

fn camel(s: &str) -> String {
    let s = s.trim_start_matches("r#");
    let mut out = String::new();
    let mut up = false;
    for (i, c) in s.chars().enumerate() {
        if c == '_' && i > 0 {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn cstr(s: &str) -> proc_macro2::Literal {
    let c = std::ffi::CString::new(s).expect("name without NUL");
    proc_macro2::Literal::c_string(&c)
}

fn last_ident(ty: &Type) -> Option<String> {
    if let Type::Path(p) = ty {
        return p.path.segments.last().map(|s| s.ident.to_string());
    }
    None
}

fn is_str_ref(ty: &Type) -> bool {
    if let Type::Reference(r) = ty {
        return r.mutability.is_none() && last_ident(&r.elem).as_deref() == Some("str");
    }
    false
}

fn to_compile_error(r: syn::Result<TokenStream2>) -> TokenStream {
    match r {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn export_entry(
    kind: TokenStream2,
    js_name: &str,
    namespace: Option<&str>,
    dts: TokenStream2,
) -> TokenStream2 {
    let js = cstr(js_name);
    let ns = match namespace {
        Some(n) => {
            let c = cstr(n);
            quote!(::std::option::Option::Some(#c))
        }
        None => quote!(::std::option::Option::None),
    };
    quote! {
        #[::nabi_sdk::private::linkme::distributed_slice(::nabi_sdk::private::EXPORTS)]
        #[linkme(crate = ::nabi_sdk::private::linkme)]
        static __NABI_EXPORT: ::nabi_sdk::private::ExportDef = ::nabi_sdk::private::ExportDef {
            js_name: #js,
            namespace: #ns,
            kind: #kind,
            dts: {
                fn __nabi_dts() -> ::std::string::String { #dts }
                __nabi_dts
            },
        };
    }
}

/// How one parameter of a function or method is filled.
enum ParamKind {
    Env,
    This(Box<Type>),
    Str,
    Arg(Box<Type>),
}

struct Param {
    ident: syn::Ident,
    kind: ParamKind,
    js_name: String,
    rust_name: String,
    span: Span,
    /// `#[ts(type = "...")]` on the parameter.
    ts_type: Option<String>,
}

/// Takes `#[ts(type = "...")]` off the parameters (the function is emitted
/// again without them).
fn take_ts_attrs(inputs: &mut Punctuated<FnArg, Token![,]>) -> syn::Result<Vec<Option<String>>> {
    let mut out = vec![];
    for a in inputs.iter_mut() {
        let attrs = match a {
            FnArg::Receiver(r) => &mut r.attrs,
            FnArg::Typed(pt) => &mut pt.attrs,
        };
        let mut ts = None;
        let mut keep = vec![];
        for at in attrs.drain(..) {
            if at.path().is_ident("ts") {
                let Meta::List(l) = &at.meta else {
                    return Err(syn::Error::new(
                        at.span(),
                        "nabi_sdk: use #[ts(type = \"...\")]",
                    ));
                };
                // `type` is a keyword, so this is not a `Meta`.
                let parser = |input: syn::parse::ParseStream| -> syn::Result<String> {
                    if !input.peek(Token![type]) {
                        return Err(input.error(
                            "nabi_sdk: unknown option in #[ts(...)] (known options here: type)",
                        ));
                    }
                    input.parse::<Token![type]>()?;
                    input.parse::<Token![=]>()?;
                    let v: syn::LitStr = input.parse()?;
                    Ok(v.value())
                };
                ts = Some(parser.parse2(l.tokens.clone())?);
            } else {
                keep.push(at);
            }
        }
        *attrs = keep;
        out.push(ts);
    }
    Ok(out)
}

fn params(
    inputs: &Punctuated<FnArg, Token![,]>,
    ts_types: &[Option<String>],
) -> syn::Result<(Option<syn::Receiver>, Vec<Param>)> {
    let mut recv = None;
    let mut out = Vec::new();
    for (i, a) in inputs.iter().enumerate() {
        match a {
            FnArg::Receiver(r) => recv = Some(r.clone()),
            FnArg::Typed(pt) => {
                let name = match &*pt.pat {
                    Pat::Ident(pi) => pi.ident.to_string(),
                    _ => format!("arg{i}"),
                };
                let ident = format_ident!("__nabi_p{}", i);
                let ty = &*pt.ty;
                let kind = if last_ident(ty).as_deref() == Some("Env") {
                    ParamKind::Env
                } else if name == "this" {
                    ParamKind::This(Box::new(ty.clone()))
                } else if is_str_ref(ty) {
                    ParamKind::Str
                } else {
                    ParamKind::Arg(Box::new(ty.clone()))
                };
                out.push(Param {
                    ident,
                    kind,
                    js_name: camel(&name),
                    rust_name: name,
                    span: pt.span(),
                    ts_type: ts_types.get(i).cloned().flatten(),
                });
            }
        }
    }
    Ok((recv, out))
}

/// Statements converting the JS arguments, the call arguments, the JS arity,
/// whether `this` is needed, and the TypeScript parameter list code.
struct Conv {
    stmts: Vec<TokenStream2>,
    call_args: Vec<TokenStream2>,
    arity: usize,
    want_this: bool,
    /// Whether a parameter may borrow a class instance (see `may_borrow`).
    borrows: bool,
    ts_params: Vec<TokenStream2>,
}

/// Whether converting a parameter of type `ty` may borrow a class instance:
/// any reference except `&str` and slices, also inside generics and tuples.
/// Calls without one skip the runtime's borrow bookkeeping.
fn may_borrow(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => match &*r.elem {
            Type::Slice(_) => false,
            Type::Path(p) if p.path.is_ident("str") => false,
            _ => true,
        },
        Type::Path(p) => p.path.segments.iter().any(|seg| match &seg.arguments {
            syn::PathArguments::AngleBracketed(a) => a.args.iter().any(|g| match g {
                syn::GenericArgument::Type(t) => may_borrow(t),
                _ => false,
            }),
            _ => false,
        }),
        Type::Tuple(t) => t.elems.iter().any(may_borrow),
        Type::Paren(t) => may_borrow(&t.elem),
        Type::Group(t) => may_borrow(&t.elem),
        _ => true,
    }
}

/// The lifetime every borrowed parameter gets in the glue: a lifetime
/// parameter of the glue function, so a borrow cannot be passed where a
/// longer one (`'static`) is wanted. Its name is what rustc prints then.
const CALL_LIFETIME: &str = "'borrowed_from_js_for_this_call_only";

/// Rewrites every lifetime of a parameter type (elided, `'_`, `'static`,
/// named) to one lifetime.
struct SetLifetime(&'static str);

impl syn::visit_mut::VisitMut for SetLifetime {
    fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
        r.lifetime = Some(syn::Lifetime::new(self.0, Span::call_site()));
        syn::visit_mut::visit_type_reference_mut(self, r);
    }
    fn visit_lifetime_mut(&mut self, l: &mut syn::Lifetime) {
        *l = syn::Lifetime::new(self.0, Span::call_site());
    }
    fn visit_path_segment_mut(&mut self, seg: &mut syn::PathSegment) {
        // The SDK's own borrowing type, written with its lifetime elided.
        if seg.ident == "Bytes" && seg.arguments.is_none() {
            let lt = syn::Lifetime::new(self.0, Span::call_site());
            seg.arguments = syn::PathArguments::AngleBracketed(syn::parse_quote!(<#lt>));
        }
        syn::visit_mut::visit_path_segment_mut(self, seg);
    }
}

/// Whether a type shows a reference or a lifetime anywhere.
fn shows_lifetime(ty: &Type) -> bool {
    struct Find(bool);
    impl<'a> syn::visit::Visit<'a> for Find {
        fn visit_type_reference(&mut self, _: &'a syn::TypeReference) {
            self.0 = true;
        }
        fn visit_lifetime(&mut self, _: &'a syn::Lifetime) {
            self.0 = true;
        }
    }
    let mut f = Find(false);
    syn::visit::Visit::visit_type(&mut f, ty);
    f.0
}

/// The type with [`CALL_LIFETIME`] for each lifetime, for the glue.
fn call_lifetime_type(ty: &Type) -> Type {
    let mut t = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut SetLifetime(CALL_LIFETIME), &mut t);
    t
}

/// The type with `'static` for each lifetime, to name its TypeScript type.
fn static_lifetime_type(ty: &Type) -> Type {
    let mut t = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut SetLifetime("'static"), &mut t);
    t
}

/// What a parameter type holds, found by walking it (generics and tuples too).
#[derive(Default)]
struct TypeFacts {
    /// A reference with an explicit `'static`.
    static_ref: bool,
    /// Borrowed JS memory: a slice reference (`&[u8]`, `&mut [f64]`) or an
    /// `ArrayBuffer` read from JS.
    js_memory: bool,
    /// Mutably borrowed JS memory.
    js_memory_mut: bool,
    /// Something that lets the body run JS: `Env`, `Function`, `FunctionRef`,
    /// `Object`, `This`, `Unknown`.
    runs_js: Option<String>,
    /// Borrowed JS memory inside an array-like container (`Vec`, a map, a
    /// tuple): reading its later elements can run getters that detach the
    /// memory of earlier ones.
    memory_in_container: bool,
    /// A handle valid only during the call (`Object`, `Function`, …).
    handle: Option<String>,
}

impl<'a> syn::visit::Visit<'a> for TypeFacts {
    fn visit_type_reference(&mut self, r: &'a syn::TypeReference) {
        if r.lifetime.as_ref().is_some_and(|l| l.ident == "static") {
            self.static_ref = true;
        }
        if matches!(&*r.elem, Type::Slice(_)) {
            self.js_memory = true;
            self.js_memory_mut |= r.mutability.is_some();
        }
        syn::visit::visit_type_reference(self, r);
    }
    fn visit_type_tuple(&mut self, t: &'a syn::TypeTuple) {
        if t.elems.iter().any(|e| type_facts(e).js_memory) {
            self.memory_in_container = true;
        }
        syn::visit::visit_type_tuple(self, t);
    }
    fn visit_path_segment(&mut self, seg: &'a syn::PathSegment) {
        let id = seg.ident.to_string();
        if matches!(id.as_str(), "Vec" | "HashMap" | "BTreeMap" | "VecDeque") {
            if let syn::PathArguments::AngleBracketed(a) = &seg.arguments {
                if a.args
                    .iter()
                    .any(|g| matches!(g, syn::GenericArgument::Type(t) if type_facts(t).js_memory))
                {
                    self.memory_in_container = true;
                }
            }
        }
        match id.as_str() {
            "ArrayBuffer" => {
                self.js_memory = true;
                self.js_memory_mut = true;
            }
            "Bytes" => self.js_memory = true,
            "This" if is_this_token(seg) => {}
            "Env" | "Function" | "FunctionRef" | "Object" | "This" | "Unknown" => {
                self.runs_js.get_or_insert(id.clone());
            }
            _ => {}
        }
        match id.as_str() {
            "Object" | "This" | "Unknown" | "Function" | "Symbol" | "External" | "ArrayBuffer"
            | "AbortSignal" => {
                self.handle.get_or_insert(id);
            }
            _ => {}
        }
        syn::visit::visit_path_segment(self, seg);
    }
}

/// `This<C>` with a class `C` (not `This` or `This<Object>`): the receiver
/// as a token with no access to the object, so it cannot run JS.
fn is_this_token(seg: &syn::PathSegment) -> bool {
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().any(|g| {
            matches!(g, syn::GenericArgument::Type(t) if last_ident(t).as_deref() != Some("Object"))
        }),
        _ => false,
    }
}

fn type_facts(ty: &Type) -> TypeFacts {
    let mut f = TypeFacts::default();
    syn::visit::Visit::visit_type(&mut f, ty);
    f
}

/// Compile-time rules for the parameters of one call (see
/// docs/ARCHITECTURE.md, "Soundness rules"): no `'static` borrow of a JS value,
/// and no borrowed JS memory beside anything that can run JS, which could
/// detach or transfer that memory while the borrow still points into it.
fn check_params(ps: &[Param]) -> syn::Result<()> {
    let mut memory: Option<&Param> = None;
    let mut runner: Option<(&Param, String)> = None;
    for p in ps {
        let facts = match &p.kind {
            ParamKind::Env => TypeFacts {
                runs_js: Some("Env".into()),
                ..TypeFacts::default()
            },
            ParamKind::Str => TypeFacts::default(),
            ParamKind::This(ty) => {
                let mut f = type_facts(ty);
                let token = matches!(&**ty, Type::Path(p)
                    if p.path.segments.last().is_some_and(|s| s.ident == "This" && is_this_token(s)));
                if !token {
                    f.runs_js.get_or_insert_with(|| "This".into());
                }
                f
            }
            ParamKind::Arg(ty) => type_facts(ty),
        };
        if facts.static_ref {
            return Err(syn::Error::new(
                p.span,
                format!(
                    "nabi_sdk: parameter `{}` borrows a JS value for 'static, but the borrow ends when the call returns \
                     (JS owns the value and may free, detach or move it afterwards). Take a plain borrow (`&[u8]`, `&MyClass`) \
                     and copy what you keep, or take an owned type (`Vec<u8>`, `Buffer`, `BufferRef`, `FunctionRef`)",
                    p.rust_name
                ),
            ));
        }
        if facts.memory_in_container {
            return Err(syn::Error::new(
                p.span,
                format!(
                    "nabi_sdk: parameter `{}` collects borrowed JS memory from an array or object; reading its later \
                     elements can run getters that detach the memory of earlier ones. Take owned bytes \
                     (`Vec<Vec<u8>>`, `Vec<Buffer>`)",
                    p.rust_name
                ),
            ));
        }
        if facts.js_memory && memory.is_none() {
            memory = Some(p);
        }
        if let Some(r) = facts.runs_js {
            if runner.is_none() {
                runner = Some((p, r));
            }
        }
    }
    if let (Some(m), Some((r, what))) = (memory, runner) {
        return Err(syn::Error::new(
            m.span,
            format!(
                "nabi_sdk: parameter `{}` borrows JS memory while parameter `{}` ({what}) can run JavaScript during the call; \
                 that JavaScript could detach or transfer the buffer and leave `{}` pointing at freed memory. \
                 Take the bytes owned (`Vec<u8>`, `Buffer`) or as a `BufferRef`/`Uint8ArrayRef`, or drop `{}`",
                m.rust_name, r.rust_name, m.rust_name, r.rust_name
            ),
        ));
    }
    Ok(())
}

fn conversions(ps: &[Param]) -> syn::Result<Conv> {
    check_params(ps)?;
    let mut c = Conv {
        stmts: vec![],
        call_args: vec![],
        arity: 0,
        want_this: false,
        borrows: false,
        ts_params: vec![],
    };
    // Borrowed JS memory is taken after every other argument is converted:
    // converting those may run JS (getters on an `#[object]`, array
    // elements), which must not see the borrow alive.
    let mut late = vec![];
    let mut spans = vec![];
    let mut any_mut = false;
    for p in ps {
        if let ParamKind::This(ty) | ParamKind::Arg(ty) = &p.kind {
            c.borrows |= may_borrow(ty);
        }
        let id = &p.ident;
        let name = &p.js_name;
        match &p.kind {
            ParamKind::Env => c.call_args.push(quote!(__env)),
            ParamKind::This(ty) => {
                let ty = call_lifetime_type(ty);
                c.want_this = true;
                c.stmts.push(quote! {
                    let #id: #ty = ::nabi_sdk::private::arg::<#ty>(__env, __this, 0, "this")?;
                });
                c.call_args.push(quote!(#id));
            }
            ParamKind::Str => {
                let idx = c.arity;
                c.arity += 1;
                let buf = format_ident!("{}_buf", id);
                c.stmts.push(quote! {
                    let mut #buf = ::nabi_sdk::private::str_buf();
                    let #id = ::nabi_sdk::private::str_arg(__env, __args[#idx], #idx, #name, &mut #buf)?;
                });
                c.call_args.push(quote!(&*#id));
                c.ts_params
                    .push(ts_param(p, quote!(::std::string::String::from("string"))));
            }
            ParamKind::Arg(orig) => {
                let ty = call_lifetime_type(orig);
                let idx = c.arity;
                c.arity += 1;
                // A borrowing type that shows no lifetime hides one (a type
                // alias of `&'static [u8]`): the call cannot bound it.
                let hidden = if shows_lifetime(&ty) {
                    quote!()
                } else {
                    quote! {
                        const {
                            ::std::assert!(
                                !<#ty as ::nabi_sdk::FromJs>::BORROWS,
                                "nabi_sdk: this parameter type borrows from JS but shows no lifetime (a type alias of a reference?), so the borrow cannot be tied to the call; write the reference type in the signature (`&[u8]`, `&MyClass`)"
                            )
                        };
                    }
                };
                let stmt = quote! {
                    #hidden
                    let #id: #ty = ::nabi_sdk::private::arg::<#ty>(__env, __args[#idx], #idx, #name)?;
                };
                let facts = type_facts(orig);
                if facts.js_memory {
                    late.push(stmt);
                    spans.push((id.clone(), facts.js_memory_mut, name.clone()));
                    any_mut |= facts.js_memory_mut;
                } else {
                    c.stmts.push(stmt);
                }
                c.call_args.push(quote!(#id));
                let ts_ty = static_lifetime_type(orig);
                c.ts_params.push(ts_param(
                    p,
                    quote!(::nabi_sdk::private::ts_from::<#ts_ty>()),
                ));
            }
        }
    }
    c.stmts.extend(late);
    // Two borrows of JS memory, one of them mutable: refuse overlapping
    // ranges (the same Buffer twice, two views of one ArrayBuffer).
    if any_mut && spans.len() > 1 {
        let ids = spans.iter().map(|s| &s.0);
        let muts = spans.iter().map(|s| s.1);
        let names = spans.iter().map(|s| &s.2);
        c.stmts.push(quote! {
            ::nabi_sdk::private::check_aliasing(&[
                #( (::nabi_sdk::private::JsMemory::span(&#ids), #muts, #names) ),*
            ])?;
        });
    }
    Ok(c)
}

/// `name: type` for the `.d.ts`, or the `#[ts(type = "...")]` override.
fn ts_param(p: &Param, ty: TokenStream2) -> TokenStream2 {
    let name = &p.js_name;
    match &p.ts_type {
        Some(t) => quote!(format!("{}: {}", #name, #t)),
        None => quote!(format!("{}: {}", #name, #ty)),
    }
}

fn ret_ts(ret: &ReturnType, is_async: bool) -> TokenStream2 {
    match (ret, is_async) {
        (ReturnType::Default, false) => quote!(::std::string::String::from("void")),
        (ReturnType::Default, true) => quote!(::std::string::String::from("Promise<void>")),
        (ReturnType::Type(_, t), false) => quote!(::nabi_sdk::private::ts_to::<#t>()),
        (ReturnType::Type(_, t), true) => quote!(::nabi_sdk::private::ts_promise::<#t>()),
    }
}

fn ts_join(ts: &[TokenStream2]) -> TokenStream2 {
    quote!({ ::nabi_sdk::private::ts_params(::std::vec![#(#ts),*]) })
}

// ------------------------------------------------------------------ export

/// Exports a function, or a numeric / string enum, to JS.
///
/// Options: `js_name = "..."` (default: the Rust name in camelCase);
/// on enums, `string` (values are the variant names instead of numbers).
#[proc_macro_attribute]
pub fn export(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = syn::parse_macro_input!(item as Item);
    to_compile_error((|| {
        match item {
        Item::Fn(f) => {
            let o = parse_options(
                attr.into(),
                &["js_name", "ts_args_type", "ts_return_type", "namespace"],
            )?;
            export_fn(o, f)
        }
        Item::Enum(e) => {
            let o = parse_options(attr.into(), &["js_name", "string", "namespace"])?;
            export_enum(o, e)
        }
        Item::Const(c) => {
            let o = parse_options(attr.into(), &["js_name", "namespace"])?;
            export_const(o, c)
        }
        Item::Mod(m) => {
            let o = parse_options(attr.into(), &["js_name"])?;
            export_mod(o, m)
        }
        other => Err(syn::Error::new(
            other.span(),
            "nabi_sdk::export applies to functions, enums, consts and modules (use #[nabi_sdk::class] for structs)",
        )),
    }
    })())
}

/// The body of a raw callback: reads the arguments, then runs `stmts` and
/// `body` inside a function generic over [`CALL_LIFETIME`], the lifetime
/// every borrowed parameter has, so no borrow of a JS value leaves the call.
fn call_glue(
    arity: usize,
    want_this: bool,
    borrows: bool,
    stmts: &[TokenStream2],
    body: TokenStream2,
) -> TokenStream2 {
    let lt = syn::Lifetime::new(CALL_LIFETIME, Span::call_site());
    quote! {
        #[inline(always)]
        #[allow(clippy::needless_lifetimes)]
        unsafe fn __nabi_body<#lt>(
            __env: ::nabi_sdk::Env,
            __args: &#lt [::nabi_sdk::sys::napi_value; #arity],
            __this: ::nabi_sdk::sys::napi_value,
        ) -> ::nabi_sdk::Result<::nabi_sdk::sys::napi_value> {
            let _ = (&__args, &__this);
            #(#stmts)*
            #body
        }
        ::nabi_sdk::private::call::<#arity, _>(env, info, #want_this, #borrows, |__env, __args, __this| {
            __nabi_body(__env, __args, __this)
        })
    }
}

/// As [`call_glue`], for a method with a receiver: the runtime unwraps and
/// borrows the instance around the call (`call_method`), and the body sees
/// it as `__self`, borrowed for [`CALL_LIFETIME`].
fn method_glue(
    arity: usize,
    self_ty: &Type,
    exclusive: bool,
    arg_borrows: bool,
    stmts: &[TokenStream2],
    body: TokenStream2,
) -> TokenStream2 {
    let lt = syn::Lifetime::new(CALL_LIFETIME, Span::call_site());
    let this_self = if exclusive {
        quote!(let __self: &#lt mut #self_ty = &mut *(__inst as *mut #self_ty);)
    } else {
        quote!(let __self: &#lt #self_ty = &*(__inst as *const #self_ty);)
    };
    quote! {
        #[inline(always)]
        #[allow(clippy::needless_lifetimes)]
        unsafe fn __nabi_body<#lt>(
            __env: ::nabi_sdk::Env,
            __args: &#lt [::nabi_sdk::sys::napi_value; #arity],
            __this: ::nabi_sdk::sys::napi_value,
            __inst: *mut ::std::ffi::c_void,
        ) -> ::nabi_sdk::Result<::nabi_sdk::sys::napi_value> {
            let _ = (&__args, &__this);
            #this_self
            #(#stmts)*
            #body
        }
        ::nabi_sdk::private::call_method::<#arity, _>(
            env,
            info,
            <#self_ty as ::nabi_sdk::Class>::class_def(),
            #exclusive,
            #arg_borrows,
            |__env, __args, __this, __inst| __nabi_body(__env, __args, __this, __inst),
        )
    }
}

fn export_fn(o: Options, mut f: ItemFn) -> syn::Result<TokenStream2> {
    let name = f.sig.ident.clone();
    let js_name = o
        .js_name
        .clone()
        .unwrap_or_else(|| camel(&name.to_string()));
    let ts_types = take_ts_attrs(&mut f.sig.inputs)?;
    let (recv, ps) = params(&f.sig.inputs, &ts_types)?;
    if let Some(r) = recv {
        return Err(syn::Error::new(
            r.span(),
            "nabi_sdk::export: free functions take no `self`",
        ));
    }
    if !f.sig.generics.params.is_empty() {
        return Err(syn::Error::new(
            f.sig.generics.span(),
            "nabi_sdk::export: generic functions cannot be exported",
        ));
    }
    let is_async = f.sig.asyncness.is_some();
    if is_async {
        for p in &ps {
            let handle = match &p.kind {
                ParamKind::This(_) => Some("this".to_string()),
                ParamKind::Arg(ty) => type_facts(ty).handle,
                _ => None,
            };
            if let Some(h) = handle {
                return Err(syn::Error::new(
                    p.span,
                    format!(
                        "nabi_sdk: parameter `{}` ({h}) is a handle valid only during the call, but an async fn runs after \
                         the call returns. Keep a `FunctionRef` for a function, or convert to owned data first \
                         (a sync export can return an `AsyncTask` or spawn the future itself)",
                        p.rust_name
                    ),
                ));
            }
        }
    }
    let c = conversions(&ps)?;
    let Conv {
        stmts,
        call_args,
        arity,
        want_this,
        borrows,
        ts_params,
    } = c;
    let body = if is_async {
        quote! { ::nabi_sdk::private::spawn_promise(__env, #name(#(#call_args),*)) }
    } else {
        quote! { ::nabi_sdk::private::ret(__env, #name(#(#call_args),*)) }
    };
    let rts = match &o.ts_return_type {
        Some(t) => quote!(::std::string::String::from(#t)),
        None => ret_ts(&f.sig.output, is_async),
    };
    let tsp = match &o.ts_args_type {
        Some(t) => quote!(::std::string::String::from(#t)),
        None => ts_join(&ts_params),
    };
    let dts = quote! {
        format!("export declare function {}({}): {}", #js_name, #tsp, #rts)
    };
    let entry = export_entry(
        quote!(::nabi_sdk::private::ExportKind::Function(__nabi_cb)),
        &js_name,
        o.namespace.as_deref(),
        dts,
    );
    let glue = call_glue(arity, want_this, borrows, &stmts, body);
    Ok(quote! {
        #f
        const _: () = {
            unsafe extern "C" fn __nabi_cb(
                env: ::nabi_sdk::sys::napi_env,
                info: ::nabi_sdk::sys::napi_callback_info,
            ) -> ::nabi_sdk::sys::napi_value {
                #glue
            }
            #entry
        };
    })
}

/// `#[export] const NAME: T = ...;`: a value on the exports (name kept as
/// written, as JS constants are usually spelled).
fn export_const(o: Options, c: syn::ItemConst) -> syn::Result<TokenStream2> {
    let name = &c.ident;
    let ty = &c.ty;
    let js_name = o.js_name.clone().unwrap_or_else(|| name.to_string());
    let entry = export_entry(
        quote!(::nabi_sdk::private::ExportKind::Value(__nabi_value)),
        &js_name,
        o.namespace.as_deref(),
        quote!(
            format!("export declare const {}: {}", #js_name, ::nabi_sdk::private::ts_to::<#ty>())
        ),
    );
    Ok(quote! {
        #c
        const _: () = {
            fn __nabi_value(__env: ::nabi_sdk::Env) -> ::nabi_sdk::Result<::nabi_sdk::sys::napi_value> {
                ::nabi_sdk::ToJs::to_js(#name, __env)
            }
            #entry
        };
    })
}

/// `#[export] mod name { ... }`: the module's `#[export]` and `#[class]`
/// items go on a `name` object on the exports (a TypeScript namespace).
fn export_mod(o: Options, mut m: syn::ItemMod) -> syn::Result<TokenStream2> {
    let ns = o.js_name.unwrap_or_else(|| m.ident.to_string());
    let Some((_, items)) = &mut m.content else {
        return Err(syn::Error::new(
            m.span(),
            "nabi_sdk::export: a namespace module needs its items inline (`mod name { ... }`)",
        ));
    };
    for it in items.iter_mut() {
        let attrs = match it {
            Item::Fn(f) => &mut f.attrs,
            Item::Enum(e) => &mut e.attrs,
            Item::Const(c) => &mut c.attrs,
            Item::Struct(s) => &mut s.attrs,
            Item::Mod(inner) => {
                if inner.attrs.iter().any(|a| attr_is(a, "export")) {
                    return Err(syn::Error::new(
                        inner.span(),
                        "nabi_sdk::export: namespaces do not nest",
                    ));
                }
                continue;
            }
            _ => continue,
        };
        for a in attrs.iter_mut() {
            if attr_is(a, "export") || attr_is(a, "class") {
                let path = a.path().clone();
                let extra = quote!(namespace = #ns);
                a.meta = match &a.meta {
                    Meta::Path(_) => syn::parse_quote!(#path(#extra)),
                    Meta::List(l) => {
                        let t = &l.tokens;
                        syn::parse_quote!(#path(#t, #extra))
                    }
                    Meta::NameValue(_) => {
                        return Err(syn::Error::new(
                            a.span(),
                            "nabi_sdk: unexpected attribute form",
                        ))
                    }
                };
            }
        }
    }
    Ok(quote!(#m))
}

/// Whether an attribute is `#[name]` / `#[nabi_sdk::name]` (any path ending in it).
fn attr_is(a: &Attribute, name: &str) -> bool {
    a.path().segments.last().is_some_and(|s| s.ident == name)
}

fn export_enum(o: Options, e: syn::ItemEnum) -> syn::Result<TokenStream2> {
    let name = &e.ident;
    let js_name = o.js_name.unwrap_or_else(|| name.to_string());
    let mut variants = vec![];
    let mut js_vals = vec![];
    let mut next: i64 = 0;
    for v in &e.variants {
        if !matches!(v.fields, syn::Fields::Unit) {
            return Err(syn::Error::new(
                v.span(),
                "nabi_sdk::export: enum variants must be unit variants (use serde for data enums)",
            ));
        }
        if let Some((_, d)) = &v.discriminant {
            let s = quote!(#d).to_string().replace(' ', "");
            next = s.parse().map_err(|_| {
                syn::Error::new(
                    d.span(),
                    "nabi_sdk::export: discriminants must be integer literals",
                )
            })?;
        }
        variants.push(v.ident.clone());
        js_vals.push(next);
        next += 1;
    }
    let names: Vec<String> = variants.iter().map(|v| v.to_string()).collect();
    let (to_js, from_js, ts_ty, dts_body) = if o.string {
        (
            quote! { match self { #(#name::#variants => __env.string(#names)),* } },
            quote! {
                let __s = ::nabi_sdk::private::arg::<::std::string::String>(__env, __v, 0, "value")
                    .map_err(|_| ::nabi_sdk::Error::type_error(format!("expected one of {}", #js_name)))?;
                match __s.as_str() {
                    #(#names => Ok(#name::#variants),)*
                    other => Err(::nabi_sdk::Error::type_error(format!("`{}` is not a variant of {}", other, #js_name))),
                }
            },
            names
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(" | "),
            names
                .iter()
                .map(|n| format!("  {n} = '{n}',"))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    } else {
        (
            quote! { match self { #(#name::#variants => ::nabi_sdk::ToJs::to_js(#js_vals as f64, __env)),* } },
            quote! {
                let __n = <f64 as ::nabi_sdk::FromJs>::from_js(__env, __v)?;
                #(if __n == #js_vals as f64 { return Ok(#name::#variants); })*
                Err(::nabi_sdk::Error::range_error(format!("{} is not a value of {}", __n, #js_name)))
            },
            js_name.clone(),
            names
                .iter()
                .zip(&js_vals)
                .map(|(n, v)| format!("  {n} = {v},"))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    };
    let obj_sets = if o.string {
        quote! { #( __o.set(#names, #names)?; )* }
    } else {
        quote! { #( __o.set(#names, #js_vals as f64)?; )* }
    };
    let dts_str = format!("export declare enum {js_name} {{\n{dts_body}\n}}");
    let entry = export_entry(
        quote!(::nabi_sdk::private::ExportKind::Value(__nabi_value)),
        &js_name,
        o.namespace.as_deref(),
        quote!(::std::string::String::from(#dts_str)),
    );
    Ok(quote! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #e
        const _: () = {
            fn __nabi_value(__env: ::nabi_sdk::Env) -> ::nabi_sdk::Result<::nabi_sdk::sys::napi_value> {
                let __o = ::nabi_sdk::Object::new(__env)?;
                #obj_sets
                ::nabi_sdk::private::freeze(__env, __o.raw())?;
                Ok(__o.raw())
            }
            impl ::nabi_sdk::ToJs for #name {
                fn to_js(self, __env: ::nabi_sdk::Env) -> ::nabi_sdk::Result<::nabi_sdk::sys::napi_value> {
                    #to_js
                }
                fn ts_type() -> ::std::string::String { ::std::string::String::from(#ts_ty) }
            }
            impl ::nabi_sdk::FromJs for #name {
                unsafe fn from_js(__env: ::nabi_sdk::Env, __v: ::nabi_sdk::sys::napi_value) -> ::nabi_sdk::Result<Self> {
                    #from_js
                }
                fn ts_type() -> ::std::string::String { ::std::string::String::from(#ts_ty) }
            }
            #entry
        };
    })
}

// ------------------------------------------------------------------ class

fn tag_expr(name: &str) -> TokenStream2 {
    quote!(::nabi_sdk::private::tag_from_name(
        concat!(env!("CARGO_PKG_NAME"), "::", #name)
    ))
}

/// Exposes a struct to JS as a class; add its members with `#[methods]`.
///
/// Options: `js_name = "..."`.
#[proc_macro_attribute]
pub fn class(attr: TokenStream, item: TokenStream) -> TokenStream {
    let s = syn::parse_macro_input!(item as syn::ItemStruct);
    to_compile_error((|| {
        let o = parse_options(attr.into(), &["js_name", "namespace"])?;
        if !s.generics.params.is_empty() {
            return Err(syn::Error::new(
                s.generics.span(),
                "nabi_sdk::class: generic structs cannot be classes",
            ));
        }
        let name = &s.ident;
        let js_name = o.js_name.clone().unwrap_or_else(|| name.to_string());
        let js_c = cstr(&js_name);
        let tag = tag_expr(&name.to_string());
        let entry = export_entry(
            quote!(::nabi_sdk::private::ExportKind::Class(&__NABI_CLASS)),
            &js_name,
            o.namespace.as_deref(),
            quote!(format!(
                "export declare class {} {{\n{}}}",
                #js_name,
                ::nabi_sdk::private::class_members_dts(__NABI_CLASS.tag)
            )),
        );
        Ok(quote! {
            #s
            const _: () = {
                static __NABI_CLASS: ::nabi_sdk::private::ClassDef = ::nabi_sdk::private::ClassDef {
                    js_name: #js_c,
                    tag: #tag,
                    drop: ::nabi_sdk::drop_instance::<#name>,
                };
                impl ::nabi_sdk::Class for #name {
                    fn class_def() -> &'static ::nabi_sdk::private::ClassDef { &__NABI_CLASS }
                }
                impl ::nabi_sdk::ToJs for #name {
                    fn to_js(self, env: ::nabi_sdk::Env) -> ::nabi_sdk::Result<::nabi_sdk::sys::napi_value> {
                        Ok(::nabi_sdk::Class::into_instance(self, env)?.raw())
                    }
                    fn ts_type() -> ::std::string::String { ::std::string::String::from(#js_name) }
                }
                impl<'a> ::nabi_sdk::FromJs for &'a #name {
                    const BORROWS: bool = true;
                    unsafe fn from_js(env: ::nabi_sdk::Env, v: ::nabi_sdk::sys::napi_value) -> ::nabi_sdk::Result<Self> {
                        Ok(&*(::nabi_sdk::private::unwrap_class(env, v, &__NABI_CLASS, false)? as *const #name))
                    }
                    fn ts_type() -> ::std::string::String { ::std::string::String::from(#js_name) }
                }
                impl<'a> ::nabi_sdk::FromJs for &'a mut #name {
                    const BORROWS: bool = true;
                    unsafe fn from_js(env: ::nabi_sdk::Env, v: ::nabi_sdk::sys::napi_value) -> ::nabi_sdk::Result<Self> {
                        Ok(&mut *(::nabi_sdk::private::unwrap_class(env, v, &__NABI_CLASS, true)? as *mut #name))
                    }
                    fn ts_type() -> ::std::string::String { ::std::string::String::from(#js_name) }
                }
                #entry
            };
        })
    })())
}

#[derive(PartialEq, Clone, Copy)]
enum MemberRole {
    Constructor,
    Getter,
    Setter,
    Plain,
}

/// Takes the `#[constructor]`, `#[getter]`, `#[setter]`, `#[nabi(js_name = ..)]`
/// attributes off a method.
fn member_role(attrs: &mut Vec<Attribute>) -> syn::Result<(MemberRole, Option<String>)> {
    let mut role = MemberRole::Plain;
    let mut js_name = None;
    let mut keep = vec![];
    for a in attrs.drain(..) {
        let id = a.path().get_ident().map(|i| i.to_string());
        match id.as_deref() {
            Some("constructor") => role = MemberRole::Constructor,
            Some("factory") => {}
            Some("getter") | Some("setter") => {
                role = if id.as_deref() == Some("getter") {
                    MemberRole::Getter
                } else {
                    MemberRole::Setter
                };
                if let Meta::List(l) = &a.meta {
                    let o = parse_options(l.tokens.clone(), &["js_name"])?;
                    js_name = o.js_name;
                }
            }
            Some("nabi") => {
                if let Meta::List(l) = &a.meta {
                    let o = parse_options(l.tokens.clone(), &["js_name"])?;
                    js_name = o.js_name;
                }
            }
            _ => keep.push(a),
        }
    }
    *attrs = keep;
    Ok((role, js_name))
}

/// Adds constructor, methods, getters/setters and static members to a
/// `#[class]` struct. Member attributes: `#[constructor]`, `#[factory]`,
/// `#[getter]`, `#[setter]`, `#[nabi(js_name = "...")]`. A method returning
/// `&Self`, `&mut Self` (or a `Result` of one) returns its receiver, the very
/// JS object it was called on, typed `this` in the `.d.ts`, so calls chain.
#[proc_macro_attribute]
pub fn methods(attr: TokenStream, item: TokenStream) -> TokenStream {
    let imp = syn::parse_macro_input!(item as ItemImpl);
    to_compile_error((|| {
        parse_options(attr.into(), &[])?;
        methods_impl(imp)
    })())
}

fn methods_impl(mut imp: ItemImpl) -> syn::Result<TokenStream2> {
    let self_ty = (*imp.self_ty).clone();
    let class_name = last_ident(&self_ty).ok_or_else(|| {
        syn::Error::new(self_ty.span(), "nabi_sdk::methods: expected a struct type")
    })?;
    let tag = tag_expr(&class_name);
    let mut glue = vec![];
    for (n, it) in imp.items.iter_mut().enumerate() {
        let ImplItem::Fn(m) = it else { continue };
        let had_attr = m.attrs.iter().any(|a| {
            a.path().get_ident().is_some_and(|i| {
                ["constructor", "factory", "getter", "setter", "nabi"]
                    .contains(&i.to_string().as_str())
            })
        });
        let (role, js_override) = member_role(&mut m.attrs)?;
        // Only `pub` (or attributed) methods are exposed, so helpers can live in the same block.
        if !matches!(m.vis, syn::Visibility::Public(_)) && !had_attr {
            continue;
        }
        let fname = m.sig.ident.clone();
        let fstr = fname.to_string();
        let ts_types = take_ts_attrs(&mut m.sig.inputs)?;
        let returns_this = returns_self_ref(&m.sig.output, &class_name);
        let sig = m.sig.clone();
        let sig: syn::Signature = syn::parse2(replace_self(quote!(#sig), &self_ty))?;
        let (recv, ps) = params(&sig.inputs, &ts_types)?;
        if let Some(r) = &recv {
            if let Some((_, Some(l))) = &r.reference {
                if l.ident == "static" {
                    return Err(syn::Error::new(
                        r.span(),
                        "nabi_sdk: `&'static self` would keep a borrow of a JS object past the call; JS may collect the object afterwards. Take `&self`",
                    ));
                }
            }
        }
        let c = conversions(&ps)?;
        let Conv {
            stmts,
            call_args,
            arity,
            want_this,
            borrows,
            ts_params,
        } = c;
        // Whether a parameter (not the receiver) may borrow an instance.
        let arg_borrows = borrows;
        let tsp = ts_join(&ts_params);
        // `this` is a TypeScript type only in instance members.
        let returns_this = returns_this && recv.is_some();
        let rts = if returns_this {
            quote!(::std::string::String::from("this"))
        } else {
            ret_ts(&sig.output, false)
        };
        let cb = format_ident!("__nabi_m{}", n);
        let entry_ident = format_ident!("__NABI_MEMBER{}", n);
        let base_name = match role {
            MemberRole::Getter => fstr.strip_prefix("get_").unwrap_or(&fstr).to_string(),
            MemberRole::Setter => fstr.strip_prefix("set_").unwrap_or(&fstr).to_string(),
            _ => fstr.clone(),
        };
        let js_name = js_override.unwrap_or_else(|| camel(&base_name));
        let js_c = cstr(if role == MemberRole::Constructor {
            "constructor"
        } else {
            &js_name
        });
        let is_static = recv.is_none();
        let (kind, dts) = match role {
            MemberRole::Constructor => {
                if !is_static {
                    return Err(syn::Error::new(
                        m.sig.span(),
                        "nabi_sdk: a #[constructor] takes no `self`",
                    ));
                }
                let ret_self = match &m.sig.output {
                    ReturnType::Type(_, t) => {
                        matches!(last_ident(t).as_deref(), Some("Self"))
                            || last_ident(t).as_deref() == Some(class_name.as_str())
                    }
                    ReturnType::Default => {
                        return Err(syn::Error::new(
                            m.sig.span(),
                            "nabi_sdk: a #[constructor] returns Self or Result<Self>",
                        ))
                    }
                };
                let value = if ret_self {
                    quote!(<#self_ty>::#fname(#(#call_args),*))
                } else {
                    quote!(<#self_ty>::#fname(#(#call_args),*).map_err(::std::convert::Into::<::nabi_sdk::Error>::into)?)
                };
                let lt = syn::Lifetime::new(CALL_LIFETIME, Span::call_site());
                glue.push(quote! {
                    unsafe fn #cb(
                        __env: ::nabi_sdk::Env,
                        info: ::nabi_sdk::sys::napi_callback_info,
                    ) -> ::nabi_sdk::Result<*mut ::std::ffi::c_void> {
                        let mut __args = [::std::ptr::null_mut(); #arity];
                        let mut __this = ::std::ptr::null_mut();
                        ::nabi_sdk::private::get_args(__env.raw(), info, __args.as_mut_ptr(), #arity, &mut __this);
                        #[inline(always)]
                        #[allow(clippy::needless_lifetimes)]
                        unsafe fn __nabi_body<#lt>(
                            __env: ::nabi_sdk::Env,
                            __args: &#lt [::nabi_sdk::sys::napi_value; #arity],
                            __this: ::nabi_sdk::sys::napi_value,
                        ) -> ::nabi_sdk::Result<*mut ::std::ffi::c_void> {
                            let _ = (&__args, &__this);
                            #(#stmts)*
                            let __value: #self_ty = #value;
                            Ok(::std::boxed::Box::into_raw(::std::boxed::Box::new(__value)).cast())
                        }
                        __nabi_body(__env, &__args, __this)
                    }
                });
                (
                    quote!(::nabi_sdk::private::MemberKind::Constructor(#cb)),
                    quote!(format!("constructor({})", #tsp)),
                )
            }
            _ => {
                let call = match &recv {
                    Some(_) => quote!(__self.#fname(#(#call_args),*)),
                    None => quote!(<#self_ty>::#fname(#(#call_args),*)),
                };
                let body = if returns_this {
                    // `&Self`, `&mut Self`, `This<Self>` (or a `Result` of one): the receiver.
                    quote! {{
                        ::nabi_sdk::private::ReturnsThis::check(#call)?;
                        Ok(__this)
                    }}
                } else {
                    quote!(::nabi_sdk::private::ret(__env, #call))
                };
                let g = match &recv {
                    Some(r) => method_glue(
                        arity,
                        &self_ty,
                        r.mutability.is_some(),
                        arg_borrows,
                        &stmts,
                        body,
                    ),
                    None => call_glue(arity, want_this, arg_borrows, &stmts, body),
                };
                glue.push(quote! {
                    unsafe extern "C" fn #cb(
                        env: ::nabi_sdk::sys::napi_env,
                        info: ::nabi_sdk::sys::napi_callback_info,
                    ) -> ::nabi_sdk::sys::napi_value {
                        #g
                    }
                });
                let st = if is_static { "static " } else { "" };
                match role {
                    MemberRole::Getter => (
                        if is_static {
                            quote!(::nabi_sdk::private::MemberKind::StaticGetter(#cb))
                        } else {
                            quote!(::nabi_sdk::private::MemberKind::Getter(#cb))
                        },
                        quote!(format!("{}get {}(): {}", #st, #js_name, #rts)),
                    ),
                    MemberRole::Setter => {
                        if is_static {
                            return Err(syn::Error::new(
                                m.sig.span(),
                                "nabi_sdk: static setters are not supported",
                            ));
                        }
                        (
                            quote!(::nabi_sdk::private::MemberKind::Setter(#cb)),
                            quote!(format!("set {}({})", #js_name, #tsp)),
                        )
                    }
                    _ => (
                        if is_static {
                            quote!(::nabi_sdk::private::MemberKind::StaticMethod(#cb))
                        } else {
                            quote!(::nabi_sdk::private::MemberKind::Method(#cb))
                        },
                        quote!(format!("{}{}({}): {}", #st, #js_name, #tsp, #rts)),
                    ),
                }
            }
        };
        glue.push(quote! {
            #[::nabi_sdk::private::linkme::distributed_slice(::nabi_sdk::private::CLASS_MEMBERS)]
            #[linkme(crate = ::nabi_sdk::private::linkme)]
            static #entry_ident: ::nabi_sdk::private::ClassMember = ::nabi_sdk::private::ClassMember {
                class_tag: #tag,
                js_name: #js_c,
                kind: #kind,
                dts: {
                    fn __nabi_dts() -> ::std::string::String { #dts }
                    __nabi_dts
                },
            };
        });
    }
    Ok(quote! {
        #imp
        const _: () = {
            #(#glue)*
        };
    })
}

/// Whether a method returns its receiver: `&Self`, `&mut Self`, `&Class`,
/// `This<Self>`, `This` (or a `Result` of one).
fn returns_self_ref(ret: &ReturnType, class_name: &str) -> bool {
    fn is_self_ref(t: &Type, class_name: &str) -> bool {
        match t {
            Type::Reference(r) => {
                matches!(last_ident(&r.elem).as_deref(), Some(n) if n == "Self" || n == class_name)
            }
            Type::Path(p) => {
                let Some(seg) = p.path.segments.last() else {
                    return false;
                };
                if seg.ident == "This" {
                    return true;
                }
                if seg.ident != "Result" {
                    return false;
                }
                match &seg.arguments {
                    syn::PathArguments::AngleBracketed(a) => match a.args.first() {
                        Some(syn::GenericArgument::Type(t)) => is_self_ref(t, class_name),
                        _ => false,
                    },
                    _ => false,
                }
            }
            _ => false,
        }
    }
    match ret {
        ReturnType::Type(_, t) => is_self_ref(t, class_name),
        ReturnType::Default => false,
    }
}

/// Replaces the `Self` type keyword with the impl's self type.
fn replace_self(ts: TokenStream2, self_ty: &Type) -> TokenStream2 {
    use proc_macro2::TokenTree;
    ts.into_iter()
        .flat_map(|tt| -> Vec<TokenTree> {
            match tt {
                TokenTree::Ident(i) if i == "Self" => quote!(#self_ty).into_iter().collect(),
                TokenTree::Group(g) => {
                    let mut ng =
                        proc_macro2::Group::new(g.delimiter(), replace_self(g.stream(), self_ty));
                    ng.set_span(g.span());
                    vec![TokenTree::Group(ng)]
                }
                other => vec![other],
            }
        })
        .collect()
}

// ------------------------------------------------------------------ object

/// A struct converted to and from a plain JS object, field by field
/// (names in camelCase unless `#[nabi(js_name = "...")]` on the field).
///
/// Options: `js_name = "..."` (the TypeScript interface name).
#[proc_macro_attribute]
pub fn object(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut s = syn::parse_macro_input!(item as syn::ItemStruct);
    to_compile_error((|| {
        let o = parse_options(attr.into(), &["js_name"])?;
        let name = s.ident.clone();
        let js_name = o.js_name.unwrap_or_else(|| name.to_string());
        let syn::Fields::Named(fields) = &mut s.fields else {
            return Err(syn::Error::new(
                s.span(),
                "nabi_sdk::object: needs a struct with named fields",
            ));
        };
        let mut idents = vec![];
        let mut keys = vec![];
        let mut tys = vec![];
        let mut ts_keys = vec![];
        for f in fields.named.iter_mut() {
            let (_, js) = member_role(&mut f.attrs)?;
            let id = f.ident.clone().expect("named field");
            let key = js.unwrap_or_else(|| camel(&id.to_string()));
            let optional = last_ident(&f.ty).as_deref() == Some("Option");
            ts_keys.push(if optional {
                format!("{key}?")
            } else {
                key.clone()
            });
            keys.push(key);
            idents.push(id);
            tys.push(f.ty.clone());
        }
        let ckeys: Vec<_> = keys.iter().map(|k| cstr(k)).collect();
        let entry = export_entry(
            quote!(::nabi_sdk::private::ExportKind::TypeOnly),
            &js_name,
            None,
            quote!({
                let mut __s = format!("export interface {} {{\n", #js_name);
                #( __s.push_str(&format!("  {}: {}\n", #ts_keys, ::nabi_sdk::private::ts_to::<#tys>())); )*
                __s.push('}');
                __s
            }),
        );
        Ok(quote! {
            #s
            const _: () = {
                impl ::nabi_sdk::ToJs for #name {
                    fn to_js(self, __env: ::nabi_sdk::Env) -> ::nabi_sdk::Result<::nabi_sdk::sys::napi_value> {
                        let __o = ::nabi_sdk::Object::new(__env)?;
                        #( __o.set_named(#ckeys, ::nabi_sdk::ToJs::to_js(self.#idents, __env)?)?; )*
                        Ok(__o.raw())
                    }
                    fn ts_type() -> ::std::string::String { ::std::string::String::from(#js_name) }
                }
                impl ::nabi_sdk::FromJs for #name {
                    unsafe fn from_js(__env: ::nabi_sdk::Env, __v: ::nabi_sdk::sys::napi_value) -> ::nabi_sdk::Result<Self> {
                        let __o = <::nabi_sdk::Object as ::nabi_sdk::FromJs>::from_js(__env, __v)?;
                        Ok(#name {
                            #( #idents: ::nabi_sdk::private::field::<#tys>(__env, __o.get_named(#ckeys)?, #keys)?, )*
                        })
                    }
                    fn ts_type() -> ::std::string::String { ::std::string::String::from(#js_name) }
                }
                #entry
            };
        })
    })())
}

// ------------------------------------------------------------------ module_init

/// Runs a function once per env after the exports are registered:
/// `fn init(env: Env, exports: Object) -> nabi_sdk::Result<()>` (or `()`).
#[proc_macro_attribute]
pub fn module_init(attr: TokenStream, item: TokenStream) -> TokenStream {
    let f = syn::parse_macro_input!(item as ItemFn);
    to_compile_error((|| {
        parse_options(attr.into(), &[])?;
        let name = &f.sig.ident;
        let call = match &f.sig.output {
            ReturnType::Default => quote!({ #name(env, exports); Ok(()) }),
            ReturnType::Type(..) => quote!(#name(env, exports).map_err(::std::convert::Into::into)),
        };
        let _ = Span::call_site();
        Ok(quote! {
            #f
            const _: () = {
                #[::nabi_sdk::private::linkme::distributed_slice(::nabi_sdk::private::MODULE_INITS)]
                #[linkme(crate = ::nabi_sdk::private::linkme)]
                static __NABI_INIT: fn(::nabi_sdk::Env, ::nabi_sdk::Object) -> ::nabi_sdk::Result<()> = {
                    fn __nabi_init(env: ::nabi_sdk::Env, exports: ::nabi_sdk::Object) -> ::nabi_sdk::Result<()> { #call }
                    __nabi_init
                };
            };
        })
    })())
}
