"""La administración en la web: los usuarios y sus roles (`usuarios`) y los buzones de correo que
se sondean, con la salud de cada fuente (`buzones`)."""

from __future__ import annotations

from recupera.web.administracion import buzones, usuarios

BLUEPRINTS = (usuarios.bp, buzones.bp)
__all__ = ["BLUEPRINTS", "buzones", "usuarios"]
