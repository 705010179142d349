"""Contra un Dovecot real: cada mensaje se registra exactamente una vez, pase lo que pase.

Caídas del proceso entre el registro y la marca, reinicios del servidor a mitad de lectura,
cambios de UIDVALIDITY, mensajes enormes y mensajes rotos; en SQLite y en PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient
from sqlalchemy import Engine
from sqlmodel import select

from archivo import almacen_de
from correspondencia import imap, sondeo, tanda_imap
from correspondencia.buzones import DatosBuzon, guardar_buzon
from correspondencia.candado import candado_de_fuente
from correspondencia.modelos import Adjunto, Correspondencia, EstadoCarpeta
from correspondencia.preparacion import PARALELO_DESDE
from correspondencia.sondeo import InformeSondeo, sondear_una_vez
from expedientes import Actor, Settings, cargar_settings
from tests.bd import base_de, nueva_sesion
from tests.correspondencia import corpus
from tests.dovecot import Dovecot

pytestmark = pytest.mark.dovecot
SEEN = b"\\Seen"


def _settings(
    engine: Engine, dovecot: Dovecot, usuario: str, tmp_path: Path, **extra: Any
) -> Settings:
    valores: dict[str, Any] = {
        "env": "development",
        "data_dir": tmp_path / "datos",
        "database_url": engine.url.render_as_string(hide_password=False),
        "imap_host": dovecot.host,
        "imap_port": dovecot.puerto,
        "imap_user": usuario,
        "imap_password": dovecot.contrasena(usuario),
        "imap_ssl": "false",
    }
    return cargar_settings(**(valores | extra))


def _cartas(engine: Engine) -> list[Correspondencia]:
    with nueva_sesion(engine) as s:
        return list(s.exec(select(Correspondencia).where(Correspondencia.origen == "imap")).all())


def _del_buzon(informes: list[InformeSondeo]) -> InformeSondeo:
    (informe,) = [i for i in informes if i.fuente != "carpeta de entrada"]
    return informe


def _sin_duplicados(engine: Engine) -> list[Correspondencia]:
    cartas = _cartas(engine)
    repetidos = Counter((c.uidvalidity, c.uid) for c in cartas)
    assert max(repetidos.values(), default=1) == 1, f"registros duplicados: {repetidos}"
    return cartas


def test_todo_el_corpus_se_registra_una_vez_y_queda_marcado_leido(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """Cada mensaje difícil del corpus, un registro; todos \\Seen; la segunda pasada no suma nada."""
    usuario = dovecot.nuevo_usuario()
    for crudo in corpus.TODOS.values():
        dovecot.agregar(crudo, usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path)
    primera = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert primera.error == "" and primera.fallidas == []
    assert len(primera.registradas) == len(corpus.TODOS)
    cartas = _sin_duplicados(engine)
    assert len(cartas) == len(corpus.TODOS)
    assert all(SEEN in f for f in dovecot.flags("INBOX", usuario=usuario).values())
    segunda = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert segunda.registradas == []
    assert len(_cartas(engine)) == len(corpus.TODOS)


def test_con_carpeta_de_procesados_los_mensajes_se_mueven_tras_registrarse(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """La bandeja queda vacía y los mensajes aparecen en la carpeta de procesados."""
    usuario = dovecot.nuevo_usuario()
    for i in range(3):
        dovecot.agregar(corpus.mensaje(asunto=f"Carta {i}", cuerpo="x"), usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path, imap_processed_folder="Registradas")
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert len(informe.registradas) == 3
    assert dovecot.uids("INBOX", usuario=usuario) == []
    assert len(dovecot.uids("Registradas", usuario=usuario)) == 3


def _en_proceso_hijo(objetivo: Callable[[], None]) -> int:
    """Corre `objetivo` en un proceso aparte (fork) y devuelve su código de salida."""
    proceso = multiprocessing.get_context("fork").Process(target=objetivo)
    proceso.start()
    proceso.join(60)
    return proceso.exitcode if proceso.exitcode is not None else -1


def test_morir_entre_el_registro_y_la_marca_no_pierde_ni_duplica(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """GIVEN un proceso que muere justo antes de marcar \\Seen; WHEN se sondea de nuevo THEN no
    se registra nada dos veces y todos quedan marcados."""
    usuario = dovecot.nuevo_usuario()
    for i in range(5):
        dovecot.agregar(corpus.mensaje(asunto=f"Carta {i}", cuerpo="x"), usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path)

    def morir_al_marcar() -> None:
        engine.dispose(close=False)
        imap.despachar = lambda *a, **k: os._exit(137)  # type: ignore[assignment]
        sondear_una_vez(bd=base_de(engine), settings=cfg)

    assert _en_proceso_hijo(morir_al_marcar) == 137
    assert len(_cartas(engine)) == 5, "lo confirmado antes de morir debe estar"
    assert not any(SEEN in f for f in dovecot.flags("INBOX", usuario=usuario).values())
    assert all(c.pendiente_servidor for c in _cartas(engine))
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert informe.registradas == []
    cartas = _sin_duplicados(engine)
    assert len(cartas) == 5 and not any(c.pendiente_servidor for c in cartas)
    assert all(SEEN in f for f in dovecot.flags("INBOX", usuario=usuario).values())


def test_morir_a_mitad_de_la_segunda_tanda_antes_de_confirmar_no_pierde_ni_duplica(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """Tandas de 3: la primera se confirma; el proceso muere en la segunda antes del commit.
    Quedan 3; la pasada siguiente registra los otros 3 sin huecos en la numeración."""
    usuario = dovecot.nuevo_usuario()
    for i in range(6):
        dovecot.agregar(corpus.mensaje(asunto=f"Carta {i}", cuerpo="x"), usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path)
    original = tanda_imap.registrar_varios

    def morir_en_la_segunda() -> None:
        engine.dispose(close=False)
        sondeo.LOTE = 3
        llamadas = [0]

        def registrar_varios(**kw: Any) -> list[Correspondencia]:
            llamadas[0] += 1
            cartas = original(**kw)
            if llamadas[0] == 2:
                os._exit(137)  # con las filas escritas pero sin confirmar
            return cartas

        tanda_imap.registrar_varios = registrar_varios  # type: ignore[assignment]
        sondear_una_vez(bd=base_de(engine), settings=cfg)

    assert _en_proceso_hijo(morir_en_la_segunda) == 137
    assert sorted(c.asunto for c in _cartas(engine)) == ["Carta 0", "Carta 1", "Carta 2"]
    _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    cartas = _sin_duplicados(engine)
    assert sorted(c.asunto for c in cartas) == [f"Carta {i}" for i in range(6)]
    numeros = sorted(int(c.numero.rsplit("-", 1)[1]) for c in cartas)
    assert numeros == list(range(1, 7)), "la numeración no deja huecos tras la caída"
    assert all(SEEN in f for f in dovecot.flags("INBOX", usuario=usuario).values())


def test_una_tanda_grande_se_prepara_en_otros_procesos_y_se_registra_entera(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """Sobre el umbral de paralelo, cada carta llega con su PDF guardado y su texto extraído."""
    cantidad = PARALELO_DESDE + 8
    usuario = dovecot.nuevo_usuario()
    pdf = corpus.pdf_minimo("Constancia & recibo")
    dovecot.agregar_muchos(
        [
            corpus.mensaje(
                asunto=f"Carta {i}", cuerpo="x", adjuntos=[(f"c{i}.pdf", "application/pdf", pdf)]
            )
            for i in range(cantidad)
        ],
        usuario=usuario,
    )
    cfg = _settings(engine, dovecot, usuario, tmp_path)
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert len(informe.registradas) == cantidad and informe.fallidas == []
    with nueva_sesion(engine) as s:
        adjuntos = s.exec(select(Adjunto)).all()
    assert len(adjuntos) == cantidad
    assert all("Constancia & recibo" in a.texto for a in adjuntos)
    assert almacen_de(cfg.data_dir).leer(adjuntos[0].sha256) == pdf


def test_un_reinicio_del_servidor_a_mitad_de_lectura_se_reintenta_y_completa(
    engine: Engine, dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """La conexión se cae en la lectura; el sondeo reconecta, sigue desde lo confirmado y termina."""
    usuario = dovecot.nuevo_usuario()
    for i in range(8):
        dovecot.agregar(corpus.mensaje(asunto=f"Carta {i}", cuerpo="x"), usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path)
    original = imap.traer
    reiniciado = []

    def traer(cliente: Any, uids: Any) -> dict[int, bytes]:
        if not reiniciado:
            reiniciado.append(True)
            dovecot.reiniciar()
        return original(cliente, uids)

    monkeypatch.setattr(imap, "traer", traer)
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg, espera=0.2))
    assert reiniciado and informe.error == ""
    assert len(_sin_duplicados(engine)) == 8


def test_la_conexion_que_se_corta_despues_de_registrar_algunos_no_duplica(
    engine: Engine, dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Se cortan las conexiones tras la primera tanda: la segunda tanda llega en el reintento."""
    usuario = dovecot.nuevo_usuario()
    for i in range(7):
        dovecot.agregar(corpus.mensaje(asunto=f"Carta {i}", cuerpo="x"), usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path)
    monkeypatch.setattr(sondeo, "LOTE", 3)
    original = imap.despachar
    cortes = []

    def despachar(cliente: Any, uids: Any, carpeta: Any) -> None:
        original(cliente, uids, carpeta)
        if not cortes:
            cortes.append(True)
            dovecot.matar_conexiones(usuario)

    monkeypatch.setattr(imap, "despachar", despachar)
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg, espera=0.2))
    assert cortes and informe.error == ""
    assert len(_sin_duplicados(engine)) == 7


def test_un_uidvalidity_nuevo_compara_por_contenido_y_no_duplica(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """La carpeta se recrea con los mismos mensajes y uno nuevo: solo el nuevo se registra."""
    usuario = dovecot.nuevo_usuario()
    viejos = [corpus.mensaje(asunto=f"Viejo {i}", cuerpo="x") for i in range(3)]
    for crudo in viejos:
        dovecot.agregar(crudo, usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path)
    sondear_una_vez(bd=base_de(engine), settings=cfg)
    antes = dovecot.uidvalidity("INBOX", usuario=usuario)
    assert dovecot.recrear_carpeta("INBOX", usuario=usuario) != antes
    for crudo in [*viejos, corpus.mensaje(asunto="Nuevo", cuerpo="y")]:
        dovecot.agregar(crudo, usuario=usuario)
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert len(informe.registradas) == 1 and informe.ya_registradas == 3
    assert sorted(c.asunto for c in _cartas(engine)) == ["Nuevo", "Viejo 0", "Viejo 1", "Viejo 2"]


def test_un_mensaje_enorme_se_registra_desde_cabeceras_y_queda_en_el_servidor(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """Sobre el máximo: registrado incompleto con advertencia, sin marcar, y una sola vez."""
    usuario = dovecot.nuevo_usuario()
    uid = dovecot.agregar(corpus.adjunto_grande(300_000), usuario=usuario)
    dovecot.agregar(corpus.mensaje(asunto="Pequeña", cuerpo="x"), usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path, max_message_bytes=100_000)
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert len(informe.registradas) == 2
    (grande,) = [c for c in _cartas(engine) if c.uid == uid]
    assert grande.incompleto and grande.bytes > 300_000
    assert any("supera el máximo" in a for a in grande.advertencias)
    assert grande.asunto, "el asunto sale de las cabeceras"
    assert SEEN not in dovecot.flags("INBOX", usuario=usuario)[uid]
    sondear_una_vez(bd=base_de(engine), settings=cfg)
    assert len(_cartas(engine)) == 2


def test_un_mensaje_que_no_cabe_en_la_base_se_registra_minimo_y_los_demas_siguen(
    engine: Engine, dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Un error al guardar lo analizado de un mensaje no detiene a los demás ni lo pierde."""
    usuario = dovecot.nuevo_usuario()
    for i in range(3):
        dovecot.agregar(corpus.mensaje(asunto=f"Carta {i}", cuerpo="x"), usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path)
    originales = tanda_imap.registrar_carta, tanda_imap.registrar_varios

    def es_la_imposible(preparado: Any) -> bool:
        return bool(preparado.analisis.asunto == "Carta 1")

    def registrar(**kw: Any) -> Correspondencia:
        if es_la_imposible(kw["preparado"]):
            raise ValueError("dato imposible")
        return originales[0](**kw)

    def registrar_varios(**kw: Any) -> list[Correspondencia]:
        if any(es_la_imposible(e.preparado) for e in kw["entrantes"]):
            raise ValueError("dato imposible")
        return originales[1](**kw)

    monkeypatch.setattr(tanda_imap, "registrar_carta", registrar)
    monkeypatch.setattr(tanda_imap, "registrar_varios", registrar_varios)
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert len(informe.registradas) == 3 and informe.fallidas == []
    asuntos = sorted(c.asunto for c in _cartas(engine))
    assert asuntos == ["(asunto ilegible: vea el original)", "Carta 0", "Carta 2"]


def test_un_segundo_sondeo_simultaneo_se_aparta(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """Con el candado del buzón tomado, otro sondeo no lo toca y lo dice."""
    usuario = dovecot.nuevo_usuario()
    dovecot.agregar(corpus.mensaje(asunto="Una", cuerpo="x"), usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path)
    sondear_una_vez(bd=base_de(engine), settings=cfg)  # crea el buzón del entorno
    (carta,) = _cartas(engine)
    dovecot.agregar(corpus.mensaje(asunto="Dos", cuerpo="x"), usuario=usuario)
    clave = f"buzon:{carta.buzon_id}"
    with candado_de_fuente(engine, clave, cfg.data_dir / "candados"):
        informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert "Otro proceso" in informe.error
    assert len(_cartas(engine)) == 1
    assert len(_del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg)).registradas) == 1


def test_una_contrasena_equivocada_se_informa_sin_caerse(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """El servidor rechaza el acceso: el informe lo dice en español y no se reintenta en bucle."""
    usuario = dovecot.nuevo_usuario()
    cfg = _settings(engine, dovecot, usuario, tmp_path, imap_password="equivocada")
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert "rechazó" in informe.error


def test_un_servidor_apagado_se_informa_tras_los_reintentos(engine: Engine, tmp_path: Path) -> None:
    """Nadie escucha en el puerto: error de conexión en el informe, sin excepción."""
    cfg = cargar_settings(
        env="development",
        data_dir=tmp_path / "datos",
        database_url=engine.url.render_as_string(hide_password=False),
        imap_host="127.0.0.1",
        imap_port=1,
        imap_user="nadie",
        imap_password="x",
        imap_ssl="false",
    )
    informe = _del_buzon(
        sondear_una_vez(bd=base_de(engine), settings=cfg, reintentos=2, espera=0.05)
    )
    assert informe.error.startswith("Conexión con 127.0.0.1 perdida")


@pytest.mark.parametrize("seguridad", ["true", "starttls"])
def test_tls_y_starttls_con_el_certificado_del_servidor(
    engine: Engine, dovecot: Dovecot, tmp_path: Path, seguridad: str
) -> None:
    """IMAPS y STARTTLS verifican el certificado con RECUPERA_IMAP_CA_FILE y registran."""
    usuario = dovecot.nuevo_usuario()
    dovecot.agregar(corpus.mensaje(asunto="Cifrada", cuerpo="x"), usuario=usuario)
    puerto = dovecot.puerto_tls if seguridad == "true" else dovecot.puerto
    cfg = _settings(
        engine,
        dovecot,
        usuario,
        tmp_path,
        imap_ssl=seguridad,
        imap_port=puerto,
        imap_ca_file=dovecot.certificado,
    )
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert informe.error == "" and len(informe.registradas) == 1


def test_tls_sin_confiar_en_el_certificado_se_rechaza(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """Un certificado que no es de una autoridad confiable no se acepta en silencio."""
    usuario = dovecot.nuevo_usuario()
    cfg = _settings(
        engine, dovecot, usuario, tmp_path, imap_ssl="true", imap_port=dovecot.puerto_tls
    )
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg, reintentos=1))
    assert "CERTIFICATE_VERIFY_FAILED" in informe.error or "certificate" in informe.error.lower()


def test_sin_move_ni_uidplus_no_se_purga_lo_que_otro_cliente_borro(
    engine: Engine, dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sin UID EXPUNGE, un EXPUNGE general borraría un mensaje marcado \\Deleted por otro cliente
    antes de registrarlo: se copia y se marca, sin purgar, y ese mensaje también se registra."""
    usuario = dovecot.nuevo_usuario()
    dovecot.agregar(corpus.mensaje(asunto="Uno", cuerpo="x"), usuario=usuario)
    dovecot.agregar(corpus.mensaje(asunto="Dos", cuerpo="x"), usuario=usuario)
    dovecot.agregar(
        corpus.mensaje(asunto="Borrado por otro", cuerpo="x"), flags=[b"\\Deleted"], usuario=usuario
    )
    monkeypatch.setattr(sondeo, "LOTE", 1)
    monkeypatch.setattr(
        IMAPClient, "has_capability", lambda _self, cap: cap not in ("MOVE", "UIDPLUS")
    )
    cfg = _settings(engine, dovecot, usuario, tmp_path, imap_processed_folder="Registradas")
    informe = _del_buzon(sondear_una_vez(bd=base_de(engine), settings=cfg))
    assert informe.error == "" and len(informe.registradas) == 3
    assert sorted(c.asunto for c in _cartas(engine)) == ["Borrado por otro", "Dos", "Uno"]
    assert len(dovecot.uids("Registradas", usuario=usuario)) == 3


def test_un_error_inesperado_en_un_buzon_no_detiene_a_los_demas(
    engine: Engine, dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """El buzón roto queda con su error (en el informe y en su estado); el otro se registra."""
    roto, sano = dovecot.nuevo_usuario(), dovecot.nuevo_usuario()
    dovecot.agregar(corpus.mensaje(asunto="Del roto", cuerpo="x"), usuario=roto)
    dovecot.agregar(corpus.mensaje(asunto="Del sano", cuerpo="x"), usuario=sano)
    cfg = _settings(engine, dovecot, roto, tmp_path)
    with nueva_sesion(engine) as s:
        s.info["actor"] = Actor("prueba")
        datos = DatosBuzon(
            nombre="Sano", host=dovecot.host, puerto=dovecot.puerto, usuario=sano,
            contrasena=dovecot.contrasena(sano), seguridad="ninguna",
        )  # fmt: skip
        guardar_buzon(session=s, datos=datos, secret_key=cfg.secret_key)
        s.commit()
    original = sondeo.sondear_carpeta

    def falla_en_el_roto(cliente: Any, fuente: Any, ctx: Any) -> Any:
        if fuente.conexion.usuario == roto:
            raise RuntimeError("fallo imprevisto")
        return original(cliente, fuente, ctx)

    monkeypatch.setattr(sondeo, "sondear_carpeta", falla_en_el_roto)
    informes = {i.fuente: i for i in sondear_una_vez(bd=base_de(engine), settings=cfg)}
    assert "fallo imprevisto" in next(i.error for n, i in informes.items() if roto in n)
    assert len(informes["Sano"].registradas) == 1
    with nueva_sesion(engine) as s:
        estados = s.exec(select(EstadoCarpeta)).all()
    assert any("fallo imprevisto" in e.ultimo_error for e in estados)


def test_una_carpeta_de_entrada_rota_no_detiene_los_buzones(
    engine: Engine, dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Un error de disco en la carpeta de entrada se informa; el correo se registra igual."""
    usuario = dovecot.nuevo_usuario()
    dovecot.agregar(corpus.mensaje(asunto="Llega igual", cuerpo="x"), usuario=usuario)
    cfg = _settings(engine, dovecot, usuario, tmp_path)

    def disco_lleno(*_: Any) -> InformeSondeo:
        raise OSError(28, "No queda espacio en el dispositivo")

    monkeypatch.setattr(sondeo, "_sondear_carpeta", disco_lleno)
    carpeta, buzon = sondear_una_vez(bd=base_de(engine), settings=cfg)
    assert "No queda espacio" in carpeta.error
    assert len(buzon.registradas) == 1


def test_dos_procesos_sondeando_a_la_vez_no_duplican_nada(
    engine: Engine, dovecot: Dovecot, tmp_path: Path
) -> None:
    """Dos procesos arrancan juntos sobre el mismo buzón: uno sondea, el otro se aparta (o llega
    después y no encuentra nada nuevo); cada mensaje queda registrado una sola vez."""
    usuario = dovecot.nuevo_usuario()
    dovecot.agregar_muchos(
        [corpus.mensaje(asunto=f"Carta {i}", cuerpo="x") for i in range(40)], usuario=usuario
    )
    cfg = _settings(engine, dovecot, usuario, tmp_path)
    # spawn: dos programas independientes, como dos sondeos en dos máquinas.
    contexto = multiprocessing.get_context("spawn")
    barrera = contexto.Barrier(2)
    resultados = contexto.Queue()
    procesos = [
        contexto.Process(target=_sondear_tras_la_barrera, args=(cfg, barrera, resultados))
        for _ in range(2)
    ]
    for p in procesos:
        p.start()
    # Un proceso que se cae no deja resultado: se espera su fin y se mira su código de salida.
    for p in procesos:
        p.join(120)
    assert [p.exitcode for p in procesos] == [0, 0]
    errores = [resultados.get(timeout=5) for _ in procesos]
    assert all(e in ("", "ocupado") for e in errores), errores
    cartas = _sin_duplicados(engine)
    assert sorted(c.asunto for c in cartas) == sorted(f"Carta {i}" for i in range(40))
    assert len({c.numero for c in cartas}) == 40


def _sondear_tras_la_barrera(cfg: Settings, barrera: Any, resultados: Any) -> None:
    """Lo que corre cada proceso: espera al otro, sondea y deja el error de su buzón en la cola."""
    from recupera.composicion import base_de_datos

    barrera.wait(60)
    informe = _del_buzon(sondear_una_vez(bd=base_de_datos(cfg.url_base_de_datos), settings=cfg))
    resultados.put("ocupado" if "Otro proceso" in informe.error else informe.error)
