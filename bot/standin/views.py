"""Modals and home tabs: the views.* methods and how Slack applies a view_submission's answer.

A modal can only be opened with a fresh trigger_id (once, within three seconds), a person can
stack at most three modals, and every view is checked against Block Kit's limits. Views are
stored as Slack returns them (with id, hash, state) so interaction payloads can carry them.
"""

from __future__ import annotations

import json
import time
from typing import Any

from bot.standin.arguments import ApiError, required
from bot.standin.state import Handler, World
from bot.standin.validation import view_problems

TRIGGER_LIFETIME = 3.0
MAX_STACK = 3


def _use_trigger(world: World, args: dict[str, Any]) -> str:
    """The user a trigger_id belongs to, consuming it; Slack's errors if it is unknown or stale."""
    trigger = world.triggers.get(str(required(args, "trigger_id")))
    if trigger is None:
        raise ApiError("invalid_trigger_id")
    if trigger.used or time.time() - trigger.issued_at > TRIGGER_LIFETIME:
        raise ApiError("expired_trigger_id")
    trigger.used = True
    return trigger.user_id


def _checked(
    world: World, method: str, view: Any, kind: str, view_id: str | None = None
) -> dict[str, Any]:
    """The view argument after Slack's checks: right type and within Block Kit's limits.

    Its external_id must be unique in the team, save for the view being replaced (view_id).
    """
    problems = view_problems(view)
    if not problems and view["type"] != kind:
        problems = [f"[ERROR] must be {kind} for {method} [json-pointer:/view/type]"]
    if problems:
        raise world.reject(method, "invalid_arguments", problems)
    external_id = view.get("external_id")
    if external_id and any(
        v["external_id"] == external_id and v["id"] != view_id for v in world.views.values()
    ):
        raise world.reject(method, "duplicate_external_id", [f"[ERROR] {external_id!r} is taken"])
    return view


def _store(
    world: World,
    user_id: str,
    view: dict[str, Any],
    replacing: str | None = None,
    previous: str | None = None,
) -> dict[str, Any]:
    """Save a view as Slack returns it; replacing keeps its id, root and previous view."""
    old = world.views.get(replacing or "")
    view_id = old["id"] if old else world.new_id("V")
    if old:
        root = old["root_view_id"]
    else:
        root = world.views[previous]["root_view_id"] if previous else view_id
    blocks = world.stamp_ids(view.get("blocks", []))
    block_ids = {block["block_id"] for block in blocks}
    typed = old["state"]["values"] if old else {}
    stored = {
        "id": view_id,
        "team_id": world.team_id,
        "type": view["type"],
        "title": view.get("title"),
        "submit": view.get("submit"),
        "close": view.get("close"),
        "blocks": blocks,
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "external_id": view.get("external_id", ""),
        # Slack keeps what was typed into inputs whose block_id survives an update.
        "state": {"values": {k: v for k, v in typed.items() if k in block_ids}},
        "hash": f"{int(time.time())}.{world.new_id('h').lower()}",
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "previous_view_id": old["previous_view_id"] if old else previous,
        "root_view_id": root,
        "app_id": world.app_id,
        "app_installed_team_id": world.team_id,
        "bot_id": world.bot_id,
    }
    world.views[view_id] = stored
    world.view_owner[view_id] = user_id
    return stored


def views_open(world: World, args: dict[str, Any]) -> dict[str, Any]:
    """A new modal for the person who triggered it; any modal they had open is replaced."""
    view = _checked(world, "views.open", required(args, "view"), "modal")
    user_id = _use_trigger(world, args)
    stored = _store(world, user_id, view)
    world.stacks[user_id] = [stored["id"]]
    world.modal_errors.pop(user_id, None)
    return {"view": stored}


def views_push(world: World, args: dict[str, Any]) -> dict[str, Any]:
    view = _checked(world, "views.push", required(args, "view"), "modal")
    user_id = _use_trigger(world, args)
    return {"view": push(world, user_id, view)}


def push(world: World, user_id: str, view: dict[str, Any]) -> dict[str, Any]:
    """Put a modal on top of the person's stack, which Slack limits to three."""
    stack = world.stacks.setdefault(user_id, [])
    if len(stack) >= MAX_STACK:
        raise world.reject(
            "views.push", "push_limit_reached", [f"[ERROR] at most {MAX_STACK} views"]
        )
    stored = _store(world, user_id, view, previous=stack[-1] if stack else None)
    stack.append(stored["id"])
    return stored


def views_update(world: World, args: dict[str, Any]) -> dict[str, Any]:
    """Replace a modal or home tab found by view_id or external_id; a stale hash is refused."""
    if args.get("view_id"):
        found = world.views.get(str(args["view_id"]))
    else:
        external_id = required(args, "external_id")
        found = next((v for v in world.views.values() if v["external_id"] == external_id), None)
    shown = {view_id for stack in world.stacks.values() for view_id in stack}
    if found is None or found["id"] not in shown | set(world.homes.values()):
        raise ApiError("not_found")
    if args.get("hash") and args["hash"] != found["hash"]:
        raise ApiError("hash_conflict")
    view = _checked(world, "views.update", required(args, "view"), found["type"], found["id"])
    return {"view": _store(world, world.view_owner[found["id"]], view, replacing=found["id"])}


def views_publish(world: World, args: dict[str, Any]) -> dict[str, Any]:
    user = world.user(required(args, "user_id"))
    current = world.homes.get(user.id)
    view = _checked(world, "views.publish", required(args, "view"), "home", current)
    if current and args.get("hash") and args["hash"] != world.views[current]["hash"]:
        raise ApiError("hash_conflict")
    stored = _store(world, user.id, view, replacing=current)
    world.homes[user.id] = stored["id"]
    return {"view": stored}


def apply_submission(
    world: World, user_id: str, state: dict[str, Any], status: int, body: str
) -> None:
    """What Slack does with the app's answer to a view_submission of the person's top modal.

    The submitted state stays in the modal, as what the person typed stays on screen.

    Empty 200: close that modal. response_action errors: keep it and show the errors beside
    their input blocks. update: replace it. push: stack a new one. clear: close them all.
    Anything else leaves the modal open with Slack's generic error, recorded for the test.
    """
    stack = world.stacks.get(user_id, [])
    world.views[stack[-1]]["state"] = state
    world.modal_errors.pop(user_id, None)
    answer: Any = None
    if status == 200 and body.strip():
        try:
            answer = json.loads(body)
        except ValueError:
            answer = body
    if status != 200 or (body.strip() and not isinstance(answer, dict)):
        world.validation_errors.append(f"view_submission: app answered {status} {body[:200]!r}")
        return
    action = (answer or {}).get("response_action")
    try:
        if action is None:
            stack.pop()
        elif action == "clear":
            stack.clear()
        elif action == "errors":
            _show_errors(world, user_id, stack[-1], answer.get("errors"))
        elif action == "update":
            view = _checked(world, "response_action", answer.get("view"), "modal", stack[-1])
            _store(world, user_id, view, replacing=stack[-1])
        elif action == "push":
            push(world, user_id, _checked(world, "response_action", answer.get("view"), "modal"))
        else:
            world.validation_errors.append(f"view_submission: unknown response_action {action!r}")
    except ApiError:
        pass  # already in validation_errors; the person sees the modal unchanged, as in Slack


def _show_errors(world: World, user_id: str, view_id: str, errors: Any) -> None:
    """Errors must name input blocks of the modal, or Slack shows none of them."""
    inputs = {b.get("block_id") for b in world.views[view_id]["blocks"] if b.get("type") == "input"}
    if not isinstance(errors, dict) or not errors or set(errors) - inputs:
        world.validation_errors.append(
            f"view_submission: errors must name input blocks {sorted(inputs)}, got {errors!r}"
        )
        return
    world.modal_errors[user_id] = dict(errors)


METHODS: dict[str, Handler] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
