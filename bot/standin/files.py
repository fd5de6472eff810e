"""files.*: Slack's current upload flow, checked as Slack checks it, and the files people get.

An upload is three steps: `files.getUploadURLExternal` (a filename and the byte length) gives a
file id and an upload URL; the bytes are POSTed to that URL (served beside the Web API, on
loopback); `files.completeUploadExternal` shares the uploaded files in a conversation, with an
optional comment. slack-sdk's `files_upload_v2` runs all three. The checks are the ones that
bite: the bytes must be as long as announced, a file id must be one Slack gave out and whose
bytes arrived, and the conversation must exist with the bot in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.standin.arguments import ApiError, arg_int, required
from bot.standin.state import Handler, Message, World

MAX_BYTES = 1_000_000_000  # Slack takes files up to 1 GB


@dataclass
class Upload:
    """A file Slack gave an upload URL for: what was announced, and what arrived."""

    id: str
    filename: str
    length: int
    data: bytes | None = None
    title: str = ""
    completed: bool = False

    def to_api(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.filename, "title": self.title, "size": self.length}


def files_get_upload_url_external(world: World, args: dict[str, Any]) -> dict[str, Any]:
    filename = str(required(args, "filename"))
    length = arg_int(args, "length", 0)
    if not 0 < length <= MAX_BYTES:
        raise world.reject(
            "files.getUploadURLExternal", "invalid_arguments", ["[ERROR] length is out of range"]
        )
    upload = Upload(world.new_id("F"), filename, length)
    world.uploads[upload.id] = upload
    return {"file_id": upload.id, "upload_url": f"{world.upload_root}{upload.id}"}


def receive_upload(world: World, file_id: str, data: bytes) -> tuple[int, str]:
    """The POST of a file's bytes to its upload URL: (HTTP status, body), as files.slack.com
    answers ("OK - <length>"). Bytes that aren't the length announced are refused."""
    upload = world.uploads.get(file_id)
    if upload is None or upload.completed:
        return 404, "not_found"
    if len(data) != upload.length:
        world.validation_errors.append(
            f"upload: {len(data)} bytes sent for {file_id}, announced {upload.length}"
        )
        return 400, "length_mismatch"
    upload.data = data
    return 200, f"OK - {len(data)}"


def files_complete_upload_external(world: World, args: dict[str, Any]) -> dict[str, Any]:
    """Share the uploaded files in `channel_id` (a conversation's id: a DM is opened first)."""
    files = required(args, "files")
    if not isinstance(files, list) or not files or not all(isinstance(f, dict) for f in files):
        raise world.reject(
            "files.completeUploadExternal", "invalid_arguments", ["[ERROR] files must be a list"]
        )
    uploads = [_uploaded(world, str(f.get("id") or "")) for f in files]
    channel_id = args.get("channel_id")
    if channel_id:
        channel = world.channel(str(channel_id))
        if channel.archived:
            raise ApiError("is_archived")
        if world.bot_user_id not in channel.members:
            raise ApiError("not_in_channel")
    for upload, given in zip(uploads, files, strict=True):
        upload.title = str(given.get("title") or upload.filename)
        upload.completed = True
    if channel_id:
        comment = str(args.get("initial_comment") or "")
        world.post(
            Message(
                str(channel_id),
                world.next_ts(),
                comment,
                user=world.bot_user_id,
                files=[u.id for u in uploads],
            )
        )
    return {"files": [u.to_api() for u in uploads]}


def _uploaded(world: World, file_id: str) -> Upload:
    upload = world.uploads.get(file_id)
    if upload is None or upload.data is None or upload.completed:
        raise ApiError("file_not_found")
    return upload


METHODS: dict[str, Handler] = {
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
}
