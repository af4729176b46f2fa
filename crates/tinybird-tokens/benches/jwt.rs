//! Sign, verify and decode on the Tinybird payload, next to the raw HMAC-SHA256 of the same signing
//! input with a prepared key: the floor any HS256 signer pays. Report ratios, not lone times.
//! `json_parse` runs the core's strict parser next to the one it replaced (`serde_json`'s tokenizer
//! into `Json`'s serde `Deserialize`), on the same texts, interleaved.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tinybird_tokens::{
    create_jwt, decode_jwt, decode_jwt_full_parse, parse_fixed_params, sign_jwt, verify_jwt,
    verify_jwt_full_parse, Expiry, Json, JwtRequest, JwtScope, SigningKey, VerifyOptions,
    VerifyingKey,
};

/// A ~150-byte workspace admin token, longer than SHA-256's block, as real ones are.
const ADMIN: &str = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
const NOW: i64 = 1_700_000_000;

fn request() -> JwtRequest {
    JwtRequest {
        workspace_id: "11111111-2222-3333-4444-555555555555".into(),
        name: "tenant_42".into(),
        expiry: Expiry::At(NOW + 3600),
        scopes: vec![JwtScope::read_pipe("top_pages")
            .unwrap()
            .with_fixed_params(parse_fixed_params("org_id=acme,plan=pro").unwrap())
            .unwrap()],
        rps_limit: Some(10),
        extra_claims: vec![],
    }
}

fn benches(c: &mut Criterion) {
    let key = SigningKey::from_admin_token(ADMIN).unwrap();
    let verifying = [VerifyingKey::from_bytes(ADMIN.as_bytes()).unwrap()];
    let req = request();
    let claims: Json = req.claims(NOW).unwrap();
    let token = create_jwt(&req, &key, NOW).unwrap();
    let signing_input = token.rsplit_once('.').unwrap().0.to_owned();
    let options = VerifyOptions::at(NOW);
    let prepared = Hmac::<Sha256>::new_from_slice(ADMIN.as_bytes()).unwrap();

    let mut g = c.benchmark_group("tinybird_payload");
    g.bench_function("hmac_sha256_prepared_key", |b| {
        b.iter(|| {
            let mut mac = prepared.clone();
            mac.update(black_box(signing_input.as_bytes()));
            black_box(mac.finalize().into_bytes())
        })
    });
    g.bench_function("hmac_sha256_raw_key", |b| {
        b.iter(|| {
            tinybird_tokens::hmac_sha256(
                black_box(ADMIN.as_bytes()),
                black_box(signing_input.as_bytes()),
            )
        })
    });
    g.bench_function("sign_jwt_claims", |b| {
        b.iter(|| sign_jwt(black_box(&claims), &key).unwrap())
    });
    g.bench_function("create_jwt_request", |b| {
        b.iter(|| create_jwt(black_box(&req), &key, NOW).unwrap())
    });
    g.bench_function("verify_jwt", |b| {
        b.iter(|| verify_jwt(black_box(&token), &verifying, &options).unwrap())
    });
    g.bench_function("verify_jwt_full_parse", |b| {
        b.iter(|| verify_jwt_full_parse(black_box(&token), &verifying, &options).unwrap())
    });
    g.bench_function("verify_jwt_then_claims_tree", |b| {
        b.iter(|| {
            verify_jwt(black_box(&token), &verifying, &options)
                .unwrap()
                .claims()
        })
    });
    g.bench_function("decode_jwt", |b| {
        b.iter(|| decode_jwt(black_box(&token)).unwrap())
    });
    g.bench_function("decode_jwt_full_parse", |b| {
        b.iter(|| decode_jwt_full_parse(black_box(&token)).unwrap())
    });
    g.finish();
}

/// The parser before ours, as `Json::parse_bytes` ran it.
fn serde_json_parse(bytes: &[u8]) -> Json {
    use serde::Deserialize;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Json::deserialize(&mut de).unwrap();
    de.end().unwrap();
    value
}

fn json_parse(c: &mut Criterion) {
    let claims = request().claims(NOW).unwrap().to_compact_string();
    let texts = [
        ("claims", claims),
        (
            "floats",
            "[0.1,1700000000.5,2.2250738585072014e-308,1e23,-3.14159,6.02214076e23,9007199254740993]"
                .to_owned(),
        ),
        (
            "escapes",
            r#"{"name":"caf\u00e9 \ud83d\ude00","path":"a\/b\\c","text":"line\nnext\ttab \"q\""}"#
                .to_owned(),
        ),
    ];
    let mut g = c.benchmark_group("json_parse");
    for (name, text) in &texts {
        assert_eq!(
            Json::parse(text).unwrap(),
            serde_json_parse(text.as_bytes())
        );
        g.bench_function(format!("{name}/core"), |b| {
            b.iter(|| Json::parse_bytes(black_box(text.as_bytes())).unwrap())
        });
        g.bench_function(format!("{name}/serde_json"), |b| {
            b.iter(|| serde_json_parse(black_box(text.as_bytes())))
        });
    }
    g.finish();
}

criterion_group!(benches_group, benches, json_parse);
criterion_main!(benches_group);
