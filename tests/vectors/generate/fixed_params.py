"""fixed_params.json: parse_fixed_params."""
from __future__ import annotations

from .common import ADMIN, V14, check_case_against, err, mask, ok
from .reference import ref_fixed_params


def fixed_params_cases() -> list[dict]:
    op = "parse_fixed_params"
    oks = [
        ("anchor_v22_fixed_params_single", "param_name=value", [["param_name", "value"]]),
        ("anchor_v23_fixed_params_column", "column_name=value", [["column_name", "value"]]),
        ("anchor_v26_fixed_params_untrimmed", " b = 3", [[" b ", " 3"]]),
        ("fixed_params_two", "org_id=acme,user_id=42", [["org_id", "acme"], ["user_id", "42"]]),
        ("fixed_params_order_kept", "z=1,a=2,m=3", [["z", "1"], ["a", "2"], ["m", "3"]]),
        ("fixed_params_empty_value", "a=", [["a", ""]]),
        ("fixed_params_empty_values", "a=,b=", [["a", ""], ["b", ""]]),
        ("fixed_params_values_stay_strings", "n=1,f=1.5,b=true", [["n", "1"], ["f", "1.5"], ["b", "true"]]),
        ("fixed_params_case_sensitive_keys", "a=1,A=2", [["a", "1"], ["A", "2"]]),
        ("fixed_params_space_key", " =1", [[" ", "1"]]),
        ("fixed_params_quotes_kept", "name='x y'", [["name", "'x y'"]]),
        ("fixed_params_colon_value", "t=2024-01-01T00:00:00", [["t", "2024-01-01T00:00:00"]]),
        ("fixed_params_non_ascii", "ciudad=Málaga,ñ=ü", [["ciudad", "Málaga"], ["ñ", "ü"]]),
        ("fixed_params_spaces_around_comma", "a=1 , b=2", [["a", "1 "], [" b", "2"]]),
    ]
    errs = [
        ("anchor_v26_fixed_params_repeated_key", "a=1,b=x,a=3"),
        ("anchor_v26_fixed_params_repeated_key_spaces", "a=1,a=2, b = 3"),
        ("anchor_v26_fixed_params_no_equals", "a"),
        ("anchor_v26_fixed_params_empty", ""),
        ("anchor_v26_fixed_params_two_equals", "a=1=2"),
        ("fixed_params_empty_key", "=1"),
        ("fixed_params_trailing_comma", "a=1,"),
        ("fixed_params_leading_comma", ",a=1"),
        ("fixed_params_double_comma", "a=1,,b=2"),
        ("fixed_params_only_comma", ","),
        ("fixed_params_only_equals", "="),
        ("fixed_params_second_piece_no_equals", "a=1,b"),
        ("fixed_params_repeated_empty_value_key", "a=,a="),
    ]
    cases = [ok(i, op, {"text": t}, v) for i, t, v in oks]
    cases += [err(i, op, {"text": t}, "invalid_fixed_params") for i, t in errs]
    for case in cases:
        check_case_against(case, ref_fixed_params)
    # Tokens pasted as values: the piece is shown with the token masked, `=x` and all.
    text = f"org_id={ADMIN}=x"
    masked = [
        err("mask_fixed_params_admin_token_two_equals", op, {"text": text}, "invalid_fixed_params",
            f'Invalid fixed param "{mask(f"org_id={ADMIN}=x")}": write name=value pairs separated by commas, '
            "e.g. org_id=acme,plan=pro (one = per pair)."),
        err("mask_fixed_params_jwt_key", op, {"text": f"{V14}"}, "invalid_fixed_params",
            f'Invalid fixed param "{mask(V14)}": write name=value pairs separated by commas, '
            "e.g. org_id=acme,plan=pro (one = per pair)."),
    ]
    for case in masked:
        check_case_against({**case, "expect": {"error": case["expect"]["error"]}}, ref_fixed_params)
    return cases + masked
