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
}

fn parse_options(attr: TokenStream2, allowed: &[&str]) -> syn::Result<Options> {
    let mut o = Options {
        js_name: None,
        string: false,
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

fn export_entry(kind: TokenStream2, js_name: &str, dts: TokenStream2) -> TokenStream2 {
    let js = cstr(js_name);
    quote! {
        #[::nabi_sdk::private::linkme::distributed_slice(::nabi_sdk::private::EXPORTS)]
        #[linkme(crate = ::nabi_sdk::private::linkme)]
        static __NABI_EXPORT: ::nabi_sdk::private::ExportDef = ::nabi_sdk::private::ExportDef {
            js_name: #js,
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
}

fn params(
    inputs: &Punctuated<FnArg, Token![,]>,
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

fn conversions(ps: &[Param]) -> Conv {
    let mut c = Conv {
        stmts: vec![],
        call_args: vec![],
        arity: 0,
        want_this: false,
        borrows: false,
        ts_params: vec![],
    };
    for p in ps {
        if let ParamKind::This(ty) | ParamKind::Arg(ty) = &p.kind {
            c.borrows |= may_borrow(ty);
        }
        let id = &p.ident;
        let name = &p.js_name;
        match &p.kind {
            ParamKind::Env => c.call_args.push(quote!(__env)),
            ParamKind::This(ty) => {
                c.want_this = true;
                c.stmts.push(quote! {
                    let #id: #ty = ::nabi_sdk::private::arg::<#ty>(__env, __this, 0, "this")?;
                });
                c.call_args.push(quote!(#id));
            }
            ParamKind::Str => {
                let idx = c.arity;
                c.arity += 1;
                c.stmts.push(quote! {
                    let #id = ::nabi_sdk::private::str_arg(__env, __args[#idx], #idx, #name)?;
                });
                c.call_args.push(quote!(&*#id));
                c.ts_params.push(quote!(format!("{}: string", #name)));
            }
            ParamKind::Arg(ty) => {
                let idx = c.arity;
                c.arity += 1;
                c.stmts.push(quote! {
                    let #id = ::nabi_sdk::private::arg::<#ty>(__env, __args[#idx], #idx, #name)?;
                });
                c.call_args.push(quote!(#id));
                c.ts_params.push(quote!(
                    format!("{}: {}", #name, ::nabi_sdk::private::ts_from::<#ty>())
                ));
            }
        }
    }
    c
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
    to_compile_error((|| match item {
        Item::Fn(f) => {
            let o = parse_options(attr.into(), &["js_name"])?;
            export_fn(o, f)
        }
        Item::Enum(e) => {
            let o = parse_options(attr.into(), &["js_name", "string"])?;
            export_enum(o, e)
        }
        other => Err(syn::Error::new(
            other.span(),
            "nabi_sdk::export applies to functions and enums (use #[nabi_sdk::class] for structs)",
        )),
    })())
}

fn export_fn(o: Options, f: ItemFn) -> syn::Result<TokenStream2> {
    let name = &f.sig.ident;
    let js_name = o.js_name.unwrap_or_else(|| camel(&name.to_string()));
    let (recv, ps) = params(&f.sig.inputs)?;
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
    let c = conversions(&ps);
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
    let rts = ret_ts(&f.sig.output, is_async);
    let tsp = ts_join(&ts_params);
    let dts = quote! {
        format!("export declare function {}({}): {}", #js_name, #tsp, #rts)
    };
    let entry = export_entry(
        quote!(::nabi_sdk::private::ExportKind::Function(__nabi_cb)),
        &js_name,
        dts,
    );
    Ok(quote! {
        #f
        const _: () = {
            unsafe extern "C" fn __nabi_cb(
                env: ::nabi_sdk::sys::napi_env,
                info: ::nabi_sdk::sys::napi_callback_info,
            ) -> ::nabi_sdk::sys::napi_value {
                ::nabi_sdk::private::call::<#arity, _>(env, info, #want_this, #borrows, |__env, __args, __this| {
                    let _ = (&__args, &__this);
                    #(#stmts)*
                    #body
                })
            }
            #entry
        };
    })
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
        let o = parse_options(attr.into(), &["js_name"])?;
        if !s.generics.params.is_empty() {
            return Err(syn::Error::new(
                s.generics.span(),
                "nabi_sdk::class: generic structs cannot be classes",
            ));
        }
        let name = &s.ident;
        let js_name = o.js_name.unwrap_or_else(|| name.to_string());
        let js_c = cstr(&js_name);
        let tag = tag_expr(&name.to_string());
        let entry = export_entry(
            quote!(::nabi_sdk::private::ExportKind::Class(&__NABI_CLASS)),
            &js_name,
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
                    unsafe fn from_js(env: ::nabi_sdk::Env, v: ::nabi_sdk::sys::napi_value) -> ::nabi_sdk::Result<Self> {
                        Ok(&*(::nabi_sdk::private::unwrap_class(env, v, &__NABI_CLASS, false)? as *const #name))
                    }
                    fn ts_type() -> ::std::string::String { ::std::string::String::from(#js_name) }
                }
                impl<'a> ::nabi_sdk::FromJs for &'a mut #name {
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
/// `#[getter]`, `#[setter]`, `#[nabi(js_name = "...")]`.
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
        let sig = m.sig.clone();
        let sig: syn::Signature = syn::parse2(replace_self(quote!(#sig), &self_ty))?;
        let (recv, ps) = params(&sig.inputs)?;
        let c = conversions(&ps);
        let Conv {
            stmts,
            call_args,
            arity,
            want_this,
            borrows,
            ts_params,
        } = c;
        // A method borrows its receiver.
        let borrows = borrows || recv.is_some();
        let tsp = ts_join(&ts_params);
        let rts = ret_ts(&sig.output, false);
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
                glue.push(quote! {
                    unsafe fn #cb(
                        __env: ::nabi_sdk::Env,
                        info: ::nabi_sdk::sys::napi_callback_info,
                    ) -> ::nabi_sdk::Result<*mut ::std::ffi::c_void> {
                        let mut __args = [::std::ptr::null_mut(); #arity];
                        let mut __this = ::std::ptr::null_mut();
                        ::nabi_sdk::private::get_args(__env.raw(), info, __args.as_mut_ptr(), #arity, &mut __this);
                        let _ = (&__args, &__this);
                        #(#stmts)*
                        let __value: #self_ty = #value;
                        Ok(::std::boxed::Box::into_raw(::std::boxed::Box::new(__value)).cast())
                    }
                });
                (
                    quote!(::nabi_sdk::private::MemberKind::Constructor(#cb)),
                    quote!(format!("constructor({})", #tsp)),
                )
            }
            _ => {
                let (self_stmt, call, want_this) = match &recv {
                    Some(r) => {
                        let conv = if r.mutability.is_some() {
                            quote!(let __self: &mut #self_ty = &mut *(::nabi_sdk::private::unwrap_class(__env, __this, <#self_ty as ::nabi_sdk::Class>::class_def(), true)? as *mut #self_ty);)
                        } else {
                            quote!(let __self: &#self_ty = &*(::nabi_sdk::private::unwrap_class(__env, __this, <#self_ty as ::nabi_sdk::Class>::class_def(), false)? as *const #self_ty);)
                        };
                        (conv, quote!(__self.#fname(#(#call_args),*)), true)
                    }
                    None => (
                        quote!(),
                        quote!(<#self_ty>::#fname(#(#call_args),*)),
                        want_this,
                    ),
                };
                glue.push(quote! {
                    unsafe extern "C" fn #cb(
                        env: ::nabi_sdk::sys::napi_env,
                        info: ::nabi_sdk::sys::napi_callback_info,
                    ) -> ::nabi_sdk::sys::napi_value {
                        ::nabi_sdk::private::call::<#arity, _>(env, info, #want_this, #borrows, |__env, __args, __this| {
                            let _ = (&__args, &__this);
                            #self_stmt
                            #(#stmts)*
                            ::nabi_sdk::private::ret(__env, #call)
                        })
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
