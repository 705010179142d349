"""La carpeta de entrada: cada .eml se registra una vez y pasa a procesados con su número."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from archivo import Almacen
from correspondencia import carpeta
from correspondencia.carpeta import sondear_carpeta_de_entrada
from correspondencia.modelos import Correspondencia
from correspondencia.reglas import ReglasDePlazo
from tests.bd import base_de, nueva_sesion
from tests.correspondencia import corpus


def _sondear(
    engine: Engine, almacen: Almacen, entrada: Path, **kw: int
) -> carpeta.ResultadoCarpeta:
    return sondear_carpeta_de_entrada(
        bd=base_de(engine),
        almacen=almacen,
        entrada=entrada,
        reglas=ReglasDePlazo(),
        max_bytes=kw.get("max_bytes", 1_000_000),
        edad_minima=0,
    )


def _cartas(engine: Engine) -> list[Correspondencia]:
    with nueva_sesion(engine) as s:
        return list(s.exec(select(Correspondencia)).all())


def test_registra_cada_eml_y_lo_mueve_con_su_numero(
    engine: Engine, almacen: Almacen, tmp_path: Path
) -> None:
    """Los .eml pasan a procesados/CE-….eml; otros archivos se dejan donde están."""
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    for nombre, caso in [("a.eml", "plano_utf8"), ("b.EML", "asunto_codificado")]:
        (entrada / nombre).write_bytes(corpus.TODOS[caso])
    (entrada / "notas.txt").write_text("no es correo")
    resultado = _sondear(engine, almacen, entrada)
    assert len(resultado.registradas) == 2
    assert sorted(p.name for p in entrada.iterdir() if p.is_file()) == ["notas.txt"]
    procesados = sorted(p.name for p in (entrada / "procesados").iterdir())
    assert procesados == sorted(f"{n}.eml" for n in resultado.registradas)
    assert {c.nombre_archivo for c in _cartas(engine)} == {"a.eml", "b.EML"}


def test_el_mismo_contenido_dos_veces_es_una_sola_carta(
    engine: Engine, almacen: Almacen, tmp_path: Path
) -> None:
    """Una copia del mismo .eml con otro nombre no crea otro registro; también se retira."""
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    (entrada / "uno.eml").write_bytes(corpus.TODOS["plano_utf8"])
    (entrada / "copia.eml").write_bytes(corpus.TODOS["plano_utf8"])
    resultado = _sondear(engine, almacen, entrada)
    assert len(resultado.registradas) == 1 and len(resultado.ya_registradas) == 1
    assert len(_cartas(engine)) == 1
    assert not list(entrada.glob("*.eml"))


def test_morir_antes_de_mover_no_duplica(
    engine: Engine, almacen: Almacen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Registrado pero no movido (el proceso murió): la siguiente pasada solo lo mueve."""
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    (entrada / "a.eml").write_bytes(corpus.TODOS["latin1_cuerpo"])

    def caida(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(carpeta, "_mover", caida)
    with pytest.raises(KeyboardInterrupt):
        _sondear(engine, almacen, entrada)
    assert (entrada / "a.eml").exists() and len(_cartas(engine)) == 1
    monkeypatch.undo()
    resultado = _sondear(engine, almacen, entrada)
    assert resultado.registradas == [] and len(resultado.ya_registradas) == 1
    assert len(_cartas(engine)) == 1
    assert not (entrada / "a.eml").exists()


def test_un_archivo_que_se_esta_copiando_se_deja_para_la_proxima(
    engine: Engine, almacen: Almacen, tmp_path: Path
) -> None:
    """Un archivo modificado hace un instante no se toma: puede estar a medio escribir."""
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    (entrada / "a.eml").write_bytes(corpus.TODOS["plano_utf8"])

    def sondear_con_espera() -> carpeta.ResultadoCarpeta:
        return sondear_carpeta_de_entrada(
            bd=base_de(engine),
            almacen=almacen,
            entrada=entrada,
            reglas=ReglasDePlazo(),
            max_bytes=1_000_000,
            edad_minima=60,
        )

    assert sondear_con_espera().registradas == [] and (entrada / "a.eml").exists()
    antiguo = time.time() - 120
    os.utime(entrada / "a.eml", (antiguo, antiguo))
    assert len(sondear_con_espera().registradas) == 1
    assert len(_cartas(engine)) == 1


def test_un_archivo_enorme_se_registra_desde_cabeceras_pero_se_guarda_entero(
    engine: Engine, almacen: Almacen, tmp_path: Path
) -> None:
    """Sobre el máximo no se analiza, pero el original completo queda en el almacén."""
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    crudo = corpus.adjunto_grande(200_000)
    (entrada / "grande.eml").write_bytes(crudo)
    resultado = _sondear(engine, almacen, entrada, max_bytes=50_000)
    assert len(resultado.registradas) == 1
    (carta,) = _cartas(engine)
    assert carta.incompleto and any("supera el máximo" in a for a in carta.advertencias)
    assert almacen.leer(carta.sha256) == crudo


def test_cualquier_basura_con_extension_eml_se_registra_con_advertencia(
    engine: Engine, almacen: Almacen, tmp_path: Path
) -> None:
    """Bytes que no son correo: se registran igual, con advertencia, y nada se pierde."""
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    basura = bytes(range(256)) * 8
    (entrada / "basura.eml").write_bytes(basura)
    (entrada / "vacio.eml").write_bytes(b"")
    resultado = _sondear(engine, almacen, entrada)
    assert len(resultado.registradas) == 2 and resultado.fallidas == []
    assert sorted(almacen.leer(c.sha256) for c in _cartas(engine)) == sorted([basura, b""])


def test_un_archivo_ilegible_no_detiene_a_los_demas(
    engine: Engine, almacen: Almacen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Un .eml que no se puede leer (permisos) queda en la carpeta, informado; el resto pasa."""
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    (entrada / "a.eml").write_bytes(corpus.TODOS["plano_utf8"])
    (entrada / "b.eml").write_bytes(corpus.TODOS["latin1_cuerpo"])
    original = carpeta._registrar_archivo

    def sin_permiso(engine: Engine, almacen: Almacen, ruta: Path, *resto: object) -> object:
        if ruta.name == "a.eml":
            raise PermissionError(13, "Permiso denegado", str(ruta))
        return original(engine, almacen, ruta, *resto)  # type: ignore[arg-type]

    monkeypatch.setattr(carpeta, "_registrar_archivo", sin_permiso)
    resultado = _sondear(engine, almacen, entrada)
    assert len(resultado.registradas) == 1
    assert resultado.fallidas and resultado.fallidas[0].startswith("a.eml: ")
    assert (entrada / "a.eml").exists() and not (entrada / "b.eml").exists()


def test_un_enlace_simbolico_y_una_tuberia_se_apartan_sin_leerlos(
    engine: Engine, almacen: Almacen, tmp_path: Path
) -> None:
    """Un `.eml` que es un enlace a un archivo de fuera (/etc/passwd, o una carta con `&`, `<` y
    `{{ }}` de otra carpeta), una tubería FIFO y una carpeta no se siguen ni se abren (la tubería
    colgaría el sondeo): se apartan a rechazados/ con un aviso en español; la carta común pasa."""
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    fuera = tmp_path / "fuera de la carpeta.eml"
    fuera.write_bytes(b"Subject: P\xc3\xa9rez & C\xc3\xada <S.A.> {{ x }}\n\nsecreto\n")
    (entrada / "contraseñas.eml").symlink_to("/etc/passwd")
    (entrada / "otra carta.eml").symlink_to(fuera)
    os.mkfifo(entrada / "tubería.eml")
    (entrada / "carpeta.eml").mkdir()
    (entrada / "común.eml").write_bytes(corpus.TODOS["plano_utf8"])
    resultado = _sondear(engine, almacen, entrada)
    assert len(resultado.registradas) == 1
    assert [c.nombre_archivo for c in _cartas(engine)] == ["común.eml"]
    avisos = "\n".join(sorted(resultado.fallidas))
    assert "contraseñas.eml: no es un archivo común sino un enlace simbólico" in avisos
    assert "otra carta.eml: no es un archivo común sino un enlace simbólico" in avisos
    assert "tubería.eml: no es un archivo común sino una tubería (FIFO)" in avisos
    assert "carpeta.eml: no es un archivo común sino una carpeta" in avisos
    rechazados = entrada / "rechazados"
    assert sorted(p.name for p in rechazados.iterdir()) == sorted(
        ["contraseñas.eml", "otra carta.eml", "tubería.eml", "carpeta.eml"]
    )
    assert os.readlink(rechazados / "contraseñas.eml") == "/etc/passwd"  # el enlace, intacto
    assert fuera.read_bytes().startswith(b"Subject: P")  # lo de fuera ni se tocó
    sha_passwd = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    assert all(c.sha256 != sha_passwd for c in _cartas(engine))
    # La pasada siguiente ya no los ve ni repite el aviso.
    assert _sondear(engine, almacen, entrada).fallidas == []


def test_un_eml_cambiado_por_un_enlace_tras_listarlo_no_se_lee(
    engine: Engine, almacen: Almacen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Si entre listar la carpeta y abrir el archivo alguien lo cambia por un enlace, la apertura
    (sin seguir enlaces) falla y se informa; no se registra lo que había detrás."""
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    (entrada / "a.eml").write_bytes(corpus.TODOS["plano_utf8"])
    original = carpeta._archivos_eml

    def y_luego_cambiarlo(*args: object) -> object:
        listados = original(*args)  # type: ignore[arg-type]
        (entrada / "a.eml").unlink()
        (entrada / "a.eml").symlink_to("/etc/passwd")
        return listados

    monkeypatch.setattr(carpeta, "_archivos_eml", y_luego_cambiarlo)
    resultado = _sondear(engine, almacen, entrada)
    assert resultado.registradas == [] and _cartas(engine) == []
    assert resultado.fallidas and resultado.fallidas[0].startswith("a.eml: ")
