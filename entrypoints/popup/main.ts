import { mount } from 'svelte';
import '../../assets/popup.css';
import PopupApp from '../../components/PopupApp.svelte';

mount(PopupApp, { target: document.getElementById('app')! });
